// The palette's own command: list every command, as VS Code's Ctrl+Shift+P does.
import type { Command } from './command.js';

export const PALETTE_COMMANDS: readonly Command[] = [
  { id: 'palette.open', label: 'Show all commands', keys: [{ ctrl: true, shift: true, key: 'p' }], run: (context) => context.openPalette() },
];
