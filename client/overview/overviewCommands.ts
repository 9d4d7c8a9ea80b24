// The overview's command: Alt+Shift+O opens it (and closes it again), as does the Overview button in the tab strip.
import type { Command } from '../commands/command.js';

export const OVERVIEW_COMMANDS: readonly Command[] = [
  { id: 'overview.toggle', label: 'Overview of all tabs', keys: [{ alt: true, shift: true, key: 'o' }], run: (context) => context.toggleOverview() },
];
