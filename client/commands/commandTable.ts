// Every command of the page in one table: key presses, the palette and button titles are all read from it.
import type { Command, CommandContext } from './command.js';
import { formatKeys, matches, type KeyPress } from './keys.js';
import { PALETTE_COMMANDS } from './paletteCommands.js';
import { TAB_COMMANDS } from '../tabs/tabCommands.js';
import { TERMINAL_COMMANDS } from '../terminal/terminalCommands.js';
import { HALF_DUPLEX_COMMANDS } from '../halfDuplex/halfDuplexCommands.js';
import { LATENCY_COMMANDS } from '../latency/latencyCommands.js';
import { CLEAR_SCROLLBACK_COMMANDS } from '../clearScrollback/clearScrollback.js';
import { RUN_ON_GROUP_COMMANDS } from '../runOnGroup/runOnGroup.js';
import { HOST_GROUP_COMMANDS } from '../groups/hostGroups.js';
import { SEARCH_ALL_COMMANDS } from '../searchAll/searchAllCommands.js';
import { OVERVIEW_COMMANDS } from '../overview/overviewCommands.js';
import { BROADCAST_COMMANDS } from '../broadcast/broadcastCommands.js';
import { OPEN_GROUP_COMMANDS } from '../openGroup/openGroupCommands.js';
import { FILES_COMMANDS } from '../files/filesCommands.js';

/** A new command is defined in its feature's folder and listed here, in the order the palette shows it. */
export const COMMANDS: readonly Command[] = [
  ...TAB_COMMANDS,
  ...TERMINAL_COMMANDS,
  ...HALF_DUPLEX_COMMANDS,
  ...LATENCY_COMMANDS,
  ...CLEAR_SCROLLBACK_COMMANDS,
  ...FILES_COMMANDS,
  ...OPEN_GROUP_COMMANDS,
  ...RUN_ON_GROUP_COMMANDS,
  ...HOST_GROUP_COMMANDS,
  ...SEARCH_ALL_COMMANDS,
  ...OVERVIEW_COMMANDS,
  ...BROADCAST_COMMANDS,
  ...PALETTE_COMMANDS,
];

/** The command a key press runs, or null when the key is the shell's. */
export function commandFor(press: KeyPress): Command | null {
  return COMMANDS.find((command) => command.keys.some((binding) => matches(press, binding))) ?? null;
}

export function commandById(id: string): Command {
  const command = COMMANDS.find((candidate) => candidate.id === id);
  if (!command) throw new Error(`There is no command "${id}"; window.longhaul.commands() lists them.`);
  return command;
}

/** How its keys are written ("Alt+Shift+N"); empty for a command without keys. */
export function keysOf(command: Command): string {
  return command.keys.map(formatKeys).join(' or ');
}

/**
 * A button's title: its words (the command's label unless the button says more) and the command's keys, so a
 * button and the key it names can never disagree: "New tab (Alt+Shift+N)".
 */
export function titleFor(id: string, words?: string): string {
  const command = commandById(id);
  const keys = keysOf(command);
  const text = words ?? command.label;
  return keys ? `${text} (${keys})` : text;
}

export function runCommand(id: string, context: CommandContext): void {
  const result = commandById(id).run(context);
  // Copy and paste wait on the clipboard; a refusal is the browser's to explain, not the page's to crash on.
  if (result) result.catch((error: unknown) => console.warn(`longhaul: command ${id} failed`, error));
}
