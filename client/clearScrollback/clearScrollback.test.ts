import { describe, expect, it, vi } from 'vitest';
import type { CommandContext, CommandTab } from '../commands/command.js';
import { commandFor, runCommand, titleFor } from '../commands/commandTable.js';
import type { KeyPress } from '../commands/keys.js';

const key = (overrides: Partial<KeyPress>): KeyPress => ({ key: 'K', code: 'KeyK', altKey: true, ctrlKey: false, shiftKey: true, metaKey: false, ...overrides });

describe('Clear scrollback', () => {
  it('is Alt+Shift+K, and leaves Alt+K (readline: kill to the end of the line) to the shell', () => {
    expect(commandFor(key({}))?.id).toBe('terminal.clearScrollback');
    expect(commandFor(key({ key: '\uF8FF' }))?.id).toBe('terminal.clearScrollback'); // macOS turns Alt+Shift+K into the Apple logo (U+F8FF)
    expect(commandFor(key({ shiftKey: false, key: 'k' }))).toBeNull();
    expect(titleFor('terminal.clearScrollback')).toBe('Clear scrollback (Alt+Shift+K)');
  });

  it('clears the terminal of the tab it runs in, and does nothing in a tab without one', () => {
    const clear = vi.fn();
    const tab = { terminal: { clear }, openSearch: () => {}, halfDuplex: { toggle: () => {} } } as unknown as CommandTab;
    runCommand('terminal.clearScrollback', { tab: () => tab } as Partial<CommandContext> as CommandContext);
    expect(clear).toHaveBeenCalledOnce();
    expect(() => runCommand('terminal.clearScrollback', { tab: () => undefined } as Partial<CommandContext> as CommandContext)).not.toThrow();
  });
});
