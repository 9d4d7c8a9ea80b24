// The command that opens Search all sessions, from anywhere on the page.
import type { Command } from '../commands/command.js';

export const SEARCH_ALL_COMMANDS: readonly Command[] = [
  {
    id: 'search.allSessions',
    label: 'Search all sessions',
    keys: [{ ctrl: true, shift: true, alt: true, key: 'f' }],
    run: (context) => context.searchAllSessions(),
  },
];
