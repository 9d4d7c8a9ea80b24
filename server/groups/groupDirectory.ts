// Every group longhaul knows, expanded: the saved ones (members matched against the ssh config as it reads now), then one per wildcard Host line.
import type { Group } from '../../shared/groups.js';
import type { StoredGroup } from '../store/hostGroups.js';
import type { Store } from '../store/store.js';
import { expandMembers, matchesHostLine, type MemberContext } from './hostPatterns.js';

export const CONFIG_GROUP_ID_PREFIX = 'ssh-config:';

export interface GroupDirectoryDeps {
  store: Store;
  /** Host aliases of ~/.ssh/config, read on each call. */
  hostAliases: () => string[];
  /** The value lists of its wildcard Host lines (`isu0* !isu09`), read on each call. */
  wildcardHostLines: () => string[][];
  /** An unreadable ssh config must not hide saved groups: they list without its aliases, and this hears why. */
  onConfigError: (error: Error) => void;
}

export interface GroupDirectory {
  /** Saved groups by name, then the config's in config order. */
  list(): Group[];
  /** By id; a name is also accepted (ignoring case), as a person would give it to `POST /api/run`. */
  find(idOrName: string): Group | undefined;
  expand(group: StoredGroup): Group;
}

export function groupDirectory(deps: GroupDirectoryDeps): GroupDirectory {
  const context = (): MemberContext & { lines: string[][] } => {
    let aliases: string[] = [];
    let lines: string[][] = [];
    try {
      aliases = deps.hostAliases();
      lines = deps.wildcardHostLines();
    } catch (error) {
      deps.onConfigError(error as Error);
    }
    return { aliases, lines, savedSessions: deps.store.savedSessions.list() };
  };
  const expanded = (group: StoredGroup, ctx: MemberContext): Group => ({ ...group, hosts: expandMembers(group.members, ctx), source: 'saved' });
  const fromConfig = (ctx: MemberContext & { lines: string[][] }): Group[] =>
    ctx.lines.map((patterns) => {
      const name = patterns.join(' ');
      return {
        id: `${CONFIG_GROUP_ID_PREFIX}${name}`,
        name,
        members: patterns,
        hosts: ctx.aliases.filter((alias) => matchesHostLine(alias, patterns)).map((alias) => ({ target: alias, member: name })),
        source: 'ssh-config',
      };
    });
  const list = () => {
    const ctx = context();
    return [...deps.store.hostGroups.list().map((g) => expanded(g, ctx)), ...fromConfig(ctx)];
  };
  return {
    list,
    find(idOrName) {
      const groups = list();
      return groups.find((g) => g.id === idOrName) ?? groups.find((g) => g.name.toLowerCase() === idOrName.toLowerCase());
    },
    expand: (group) => expanded(group, context()),
  };
}
