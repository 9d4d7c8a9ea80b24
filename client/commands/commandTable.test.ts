import { describe, expect, it } from 'vitest';
import { COMMANDS, commandById, keysOf, titleFor } from './commandTable.js';
import { formatKeys, sameKeys } from './keys.js';

describe('the command table', () => {
  it('gives every command its own id, words and keys', () => {
    const ids = COMMANDS.map((command) => command.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const command of COMMANDS) {
      expect(command.label.trim(), command.id).not.toBe('');
      expect(command.id, command.label).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z0-9]*$/);
    }
    const bindings = COMMANDS.flatMap((command) => command.keys.map((binding) => ({ id: command.id, binding })));
    for (const [index, a] of bindings.entries()) {
      for (const b of bindings.slice(index + 1)) expect(sameKeys(a.binding, b.binding), `${a.id} and ${b.id}: ${formatKeys(a.binding)}`).toBe(false);
    }
  });

  it('leaves copy and paste to the terminal: elsewhere the browser\'s own are right', () => {
    expect(COMMANDS.filter((command) => command.terminalOnly).map((command) => command.id)).toEqual(['terminal.copy', 'terminal.paste']);
  });

  it('writes keys the way the UI shows them', () => {
    expect(formatKeys({ alt: true, shift: true, key: 'n' })).toBe('Alt+Shift+N');
    expect(formatKeys({ ctrl: true, shift: true, key: 'p' })).toBe('Ctrl+Shift+P');
    expect(formatKeys({ alt: true, key: 'PageDown' })).toBe('Alt+PageDown');
    expect(formatKeys({ alt: true, key: '1' })).toBe('Alt+1');
    expect(keysOf(commandById('palette.open'))).toBe('Ctrl+Shift+P');
  });

  it('titles buttons with the command\'s words and keys', () => {
    expect(titleFor('tab.new')).toBe('New tab (Alt+Shift+N)');
    expect(titleFor('tab.close')).toBe('Close tab (Alt+Shift+W)');
    expect(titleFor('tab.reopenClosed')).toBe('Reopen closed tab (Alt+Shift+T)');
    expect(titleFor('latency.toggle', 'Hide latency')).toBe('Hide latency (Alt+Shift+L)');
  });

  it('says which id it does not know', () => {
    expect(() => commandById('tab.nope')).toThrow(/no command "tab\.nope"/);
  });
});
