// Clear scrollback: forget everything above the line the cursor is on, in the tab's terminal only (the shell is not told).
import type { Command } from '../commands/command.js';

export const CLEAR_SCROLLBACK_COMMANDS: readonly Command[] = [
  {
    id: 'terminal.clearScrollback',
    label: 'Clear scrollback',
    keys: [{ alt: true, shift: true, key: 'k' }],
    // xterm.js keeps the cursor's line as the new first line, so a prompt waiting there stays in sight.
    run: (context) => context.tab()?.terminal.clear(),
  },
];
