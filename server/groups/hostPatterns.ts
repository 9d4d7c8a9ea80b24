// Host patterns as OpenSSH reads them (`*`, `?`, `!` negation, case ignored), and what a group's members stand for.
import SSHConfig from 'ssh-config';
import type { GroupHost } from '../../shared/groups.js';

export function isPattern(text: string): boolean {
  return /[*?]/.test(text);
}

/** Whether `name` matches one pattern (no negation), ignoring case as ssh does for host names. */
export function matchesPattern(name: string, pattern: string): boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** A Host line's list (`isu0* !isu09`): some positive pattern matches, and no negated one does. */
export function matchesHostLine(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(name, pattern.slice(1))) return false;
    } else if (matchesPattern(name, pattern)) matched = true;
  }
  return matched;
}

/** The value lists of the config's Host lines that have a wildcard, in order (`Host *` included). */
export function wildcardHostLines(config: SSHConfig): string[][] {
  const lines: string[][] = [];
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || !/^host$/i.test(line.param)) continue;
    const values = (Array.isArray(line.value) ? line.value.map((v) => v.val) : String(line.value).split(/\s+/)).filter(Boolean);
    if (values.some(isPattern)) lines.push(values);
  }
  return lines;
}

export interface MemberContext {
  /** The config's Host aliases, without wildcards, in config order. */
  aliases: readonly string[];
  /** Saved sessions by name (matched ignoring case). */
  savedSessions: readonly { id: string; name: string; target: string }[];
}

/**
 * What members stand for now, each host once (by target, ignoring case), in the members' order: a saved session's
 * name is that session; a pattern is every alias it matches; anything else is a target as typed.
 */
export function expandMembers(members: readonly string[], context: MemberContext): GroupHost[] {
  const hosts: GroupHost[] = [];
  const seen = new Set<string>();
  const add = (host: GroupHost) => {
    const key = host.target.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    hosts.push(host);
  };
  for (const member of members) {
    const saved = context.savedSessions.find((s) => s.name.toLowerCase() === member.toLowerCase());
    if (saved) add({ target: saved.target, member, savedSessionId: saved.id });
    else if (isPattern(member)) for (const alias of context.aliases) matchesPattern(alias, member) && add({ target: alias, member });
    else add({ target: member, member });
  }
  return hosts;
}
