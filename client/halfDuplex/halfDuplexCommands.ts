// The half-duplex command: the mode on or off in the tab it runs in.
import type { Command } from '../commands/command.js';

export const HALF_DUPLEX_COMMANDS: readonly Command[] = [
  {
    id: 'halfDuplex.toggle',
    label: 'Half-duplex on or off',
    keys: [{ alt: true, shift: true, key: 'h' }],
    run: (context) => context.tab()?.halfDuplex.toggle(),
  },
];
