import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyPress } from './shortcuts.js';

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

describe('shortcutFor', () => {
  it('knows the tab shortcuts', () => {
    expect(shortcutFor(press('Alt+PageDown'))).toEqual({ kind: 'next-tab' });
    expect(shortcutFor(press('Alt+PageUp'))).toEqual({ kind: 'previous-tab' });
    expect(shortcutFor(press('Alt+Shift+N'))).toEqual({ kind: 'new-tab' });
    expect(shortcutFor(press('Alt+Shift+W'))).toEqual({ kind: 'close-tab' });
    expect(shortcutFor(press('Alt+1'))).toEqual({ kind: 'tab-number', digit: 1 });
    expect(shortcutFor(press('Alt+9'))).toEqual({ kind: 'tab-number', digit: 9 });
  });

  it('knows the half-duplex toggle', () => {
    expect(shortcutFor(press('Alt+Shift+H'))).toEqual({ kind: 'half-duplex' });
    expect(shortcutFor(press('Alt+H'))).toBeNull(); // Alt-H stays the shell's
  });

  it('knows copy, paste and search', () => {
    expect(shortcutFor(press('Ctrl+Shift+C'))).toEqual({ kind: 'copy' });
    expect(shortcutFor(press('Ctrl+Shift+V'))).toEqual({ kind: 'paste' });
    expect(shortcutFor(press('Ctrl+Shift+F'))).toEqual({ kind: 'search' });
  });

  it('leaves the shell its keys', () => {
    for (const chord of ['Ctrl+C', 'Ctrl+V', 'Ctrl+F', 'Alt+N', 'Alt+W', 'Alt+0', 'Alt+B', 'PageDown', 'Shift+PageUp', 'a', 'Ctrl+Alt+1']) {
      expect(shortcutFor(press(chord)), chord).toBeNull();
    }
  });

  it('matches by physical key when Alt changes the character (macOS, other layouts)', () => {
    expect(shortcutFor(press('Alt+Shift+N', { key: '˜' }))).toEqual({ kind: 'new-tab' });
    expect(shortcutFor(press('Alt+1', { key: '¡' }))).toEqual({ kind: 'tab-number', digit: 1 });
  });

  it('ignores chords with Meta', () => {
    expect(shortcutFor(press('Meta+Alt+PageDown'))).toBeNull();
  });
});
