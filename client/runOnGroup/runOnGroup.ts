// The "Run on group…" command: one command on every host of a group, with the results side by side.
import type { Command } from '../commands/command.js';
import { openRunOnGroup } from './runOnGroupDialog.js';

export const RUN_ON_GROUP_COMMANDS: readonly Command[] = [
  {
    id: 'hosts.runOnGroup',
    label: 'Run on group…',
    keys: [],
    run: (context) => openRunOnGroup(() => context.tab()?.terminal.focus()),
  },
];
