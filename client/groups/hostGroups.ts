// The "Edit host groups…" command: make, change and delete the groups that Run on group runs on.
import type { Command } from '../commands/command.js';
import { openHostGroups } from './hostGroupsDialog.js';

export const HOST_GROUP_COMMANDS: readonly Command[] = [
  {
    id: 'hosts.editGroups',
    label: 'Edit host groups…',
    keys: [],
    run: (context) => openHostGroups(() => context.tab()?.terminal.focus()),
  },
];
