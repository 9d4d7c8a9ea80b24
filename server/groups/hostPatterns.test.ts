// Host patterns as ssh reads them, and what a group's members stand for.
import { describe, expect, it } from 'vitest';
import { parseSshConfig } from '../ssh/target.js';
import { expandMembers, matchesHostLine, matchesPattern, wildcardHostLines } from './hostPatterns.js';

const aliases = ['isu01', 'isu02', 'isu03', 'ISU09', 'isu10', 'de1', 'db.example'];

describe('host patterns', () => {
  it('match as ssh matches them: * and ?, case ignored, the rest literal', () => {
    expect(aliases.filter((a) => matchesPattern(a, 'isu0*'))).toEqual(['isu01', 'isu02', 'isu03', 'ISU09']);
    expect(aliases.filter((a) => matchesPattern(a, 'isu?0'))).toEqual(['isu10']);
    expect(matchesPattern('dbxexample', 'db.example')).toBe(false);
    expect(matchesPattern('db.example', 'db.*')).toBe(true);
  });

  it('read a Host line with negations: some pattern matches and no negated one does', () => {
    expect(aliases.filter((a) => matchesHostLine(a, ['isu*', '!isu09']))).toEqual(['isu01', 'isu02', 'isu03', 'isu10']);
    expect(matchesHostLine('de1', ['!isu*'])).toBe(false);
  });
});

describe('expandMembers', () => {
  const savedSessions = [{ id: 's1', name: 'Primary DB', target: 'admin@db.example:2222' }];

  it('expands patterns against the aliases, keeps targets as typed, and resolves saved sessions by name', () => {
    expect(expandMembers(['isu0*', 'alice@10.0.0.5', 'primary db'], { aliases, savedSessions })).toEqual([
      { target: 'isu01', member: 'isu0*' },
      { target: 'isu02', member: 'isu0*' },
      { target: 'isu03', member: 'isu0*' },
      { target: 'ISU09', member: 'isu0*' },
      { target: 'alice@10.0.0.5', member: 'alice@10.0.0.5' },
      { target: 'admin@db.example:2222', member: 'primary db', savedSessionId: 's1' },
    ]);
  });

  it('lists each host once, where it first came in', () => {
    expect(expandMembers(['isu02', 'isu0*'], { aliases, savedSessions: [] }).map((h) => h.target)).toEqual(['isu02', 'isu01', 'isu03', 'ISU09']);
  });

  it('gives nothing for a pattern that matches no alias', () => {
    expect(expandMembers(['web*'], { aliases, savedSessions: [] })).toEqual([]);
  });
});

describe('wildcardHostLines', () => {
  it('lists the Host lines with a wildcard, in config order', () => {
    const config = parseSshConfig('Host de1\n  Port 22\nHost isu0* !isu09\n  User isucon\nHost web? db*\n  User ops\nHost *\n  ServerAliveInterval 10\n');
    expect(wildcardHostLines(config)).toEqual([['isu0*', '!isu09'], ['web?', 'db*'], ['*']]);
  });
});
