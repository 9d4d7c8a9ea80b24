import { describe, expect, it } from 'vitest';
import { commandFor } from '../commands/commandTable.js';
import type { KeyPress } from '../commands/keys.js';

const shortcutFor = (press: KeyPress) => commandFor(press)?.id ?? null;

const key = (overrides: Partial<KeyPress>): KeyPress => ({ key: 'L', code: 'KeyL', altKey: true, ctrlKey: false, shiftKey: true, metaKey: false, ...overrides });

describe('the latency overlay shortcut', () => {
  it('is Alt+Shift+L, by physical key as well as by letter', () => {
    expect(shortcutFor(key({}))).toEqual('latency.toggle');
    expect(shortcutFor(key({ key: 'Ò' }))).toEqual('latency.toggle'); // macOS turns Alt+Shift+L into Ò
  });

  it('leaves Alt+L (readline: downcase word) and Ctrl+Alt+L to the shell', () => {
    expect(shortcutFor(key({ shiftKey: false, key: 'l' }))).toBeNull();
    expect(shortcutFor(key({ ctrlKey: true }))).toBeNull();
  });
});
