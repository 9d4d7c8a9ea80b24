// Open group's command: from the palette, a tab on each host of a group, side by side in the overview.
import type { Command } from '../commands/command.js';

export const OPEN_GROUP_COMMANDS: readonly Command[] = [{ id: 'hosts.openGroup', label: 'Open group…', keys: [], run: (context) => context.openGroup() }];
