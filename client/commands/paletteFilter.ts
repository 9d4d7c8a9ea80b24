// Which commands the palette lists for what was typed in its filter, best first.
import type { Command } from './command.js';
import { keysOf } from './commandTable.js';

/**
 * Every word typed must appear in the command's label, id or keys, in any case ("clear", "tab close", "alt+shift+k").
 * Labels that start with what was typed come first, then labels that contain it, then the rest; otherwise the
 * table's order, so the list does not jump about while typing.
 */
export function filterCommands(commands: readonly Command[], filter: string): Command[] {
  const query = filter.trim().toLowerCase();
  if (!query) return [...commands];
  const words = query.split(/\s+/);
  const rank = (command: Command): number => {
    const label = command.label.toLowerCase();
    if (label.startsWith(query)) return 0;
    return label.includes(query) ? 1 : 2;
  };
  return commands
    .filter((command) => {
      const text = `${command.label} ${command.id} ${keysOf(command)}`.toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .map((command, index) => ({ command, index, rank: rank(command) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ command }) => command);
}
