// The terminal's own commands: copy, paste, and search in the scrollback.
import type { Command } from '../commands/command.js';

// Ctrl+Shift, because plain Ctrl+C/V/F belong to the shell (interrupt, literal next, forward a char).
export const TERMINAL_COMMANDS: readonly Command[] = [
  {
    id: 'terminal.copy',
    label: 'Copy',
    keys: [{ ctrl: true, shift: true, key: 'c' }],
    terminalOnly: true,
    run: async (context) => {
      const terminal = context.tab()?.terminal;
      if (terminal?.hasSelection()) await navigator.clipboard?.writeText(terminal.getSelection());
    },
  },
  {
    id: 'terminal.paste',
    label: 'Paste',
    keys: [{ ctrl: true, shift: true, key: 'v' }],
    terminalOnly: true,
    run: async (context) => {
      const terminal = context.tab()?.terminal;
      // From the palette the browser sends no paste event, so read the clipboard (it may ask the user first).
      const text = terminal && (await navigator.clipboard?.readText());
      if (terminal && text) terminal.paste(text);
    },
  },
  { id: 'terminal.search', label: 'Search the scrollback', keys: [{ ctrl: true, shift: true, key: 'f' }], run: (context) => context.tab()?.openSearch() },
];
