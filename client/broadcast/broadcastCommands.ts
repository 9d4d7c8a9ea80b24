// Broadcast input's command: Alt+Shift+B turns it on and off, as the Broadcast input button in the tab strip does.
import type { Command } from '../commands/command.js';

export const BROADCAST_COMMANDS: readonly Command[] = [
  { id: 'input.broadcast', label: 'Broadcast input', keys: [{ alt: true, shift: true, key: 'b' }], run: (context) => context.toggleBroadcast() },
];
