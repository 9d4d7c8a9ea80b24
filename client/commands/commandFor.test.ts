import { describe, expect, it } from 'vitest';
import { commandFor } from './commandTable.js';
import type { KeyPress } from './keys.js';

/** The id of the command a key press runs, or null when the key is the shell's. */
const shortcutFor = (keyPress: KeyPress) => commandFor(keyPress)?.id ?? null;

/** `press('Alt+Shift+N')`: modifiers then the key; letters get their `Key…` code, digits `Digit…`. */
function press(chord: string, overrides: Partial<KeyPress> = {}): KeyPress {
  const parts = chord.split('+');
  const key = parts.pop()!;
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : /^\d$/.test(key) ? `Digit${key}` : key;
  return {
    key,
    code,
    altKey: parts.includes('Alt'),
    ctrlKey: parts.includes('Ctrl'),
    shiftKey: parts.includes('Shift'),
    metaKey: parts.includes('Meta'),
    ...overrides,
  };
}

describe('commandFor', () => {
  it('knows the tab shortcuts', () => {
    expect(shortcutFor(press('Alt+PageDown'))).toEqual('tab.next');
    expect(shortcutFor(press('Alt+PageUp'))).toEqual('tab.previous');
    expect(shortcutFor(press('Alt+Shift+N'))).toEqual('tab.new');
    expect(shortcutFor(press('Alt+Shift+W'))).toEqual('tab.close');
    expect(shortcutFor(press('Alt+1'))).toEqual('tab.goTo1');
    expect(shortcutFor(press('Alt+9'))).toEqual('tab.goToLast');
  });

  it('knows the half-duplex toggle', () => {
    expect(shortcutFor(press('Alt+Shift+H'))).toEqual('halfDuplex.toggle');
    expect(shortcutFor(press('Alt+H'))).toBeNull(); // Alt-H stays the shell's
  });

  it('knows copy, paste and search', () => {
    expect(shortcutFor(press('Ctrl+Shift+C'))).toEqual('terminal.copy');
    expect(shortcutFor(press('Ctrl+Shift+V'))).toEqual('terminal.paste');
    expect(shortcutFor(press('Ctrl+Shift+F'))).toEqual('terminal.search');
  });

  it('leaves the shell its keys', () => {
    for (const chord of ['Ctrl+C', 'Ctrl+V', 'Ctrl+F', 'Alt+N', 'Alt+W', 'Alt+0', 'Alt+B', 'PageDown', 'Shift+PageUp', 'a', 'Ctrl+Alt+1']) {
      expect(shortcutFor(press(chord)), chord).toBeNull();
    }
  });

  it('matches by physical key when Alt changes the character (macOS, other layouts)', () => {
    expect(shortcutFor(press('Alt+Shift+N', { key: '˜' }))).toEqual('tab.new');
    expect(shortcutFor(press('Alt+1', { key: '¡' }))).toEqual('tab.goTo1');
  });

  it('ignores chords with Meta', () => {
    expect(shortcutFor(press('Meta+Alt+PageDown'))).toBeNull();
  });
});
