// How the launcher words and orders the shells found on hosts.
import { describe, expect, it } from 'vitest';
import { byHost, hostShellsHeading } from './hostShellsView.js';

const shell = (target: string, name: string, activityAt: number) => ({ target, sessionName: name, createdAt: 0, activityAt, lastLine: '' });

describe('host shells in the launcher', () => {
  it('says how many run on the host, in words', () => {
    expect(hostShellsHeading('de1', 1)).toBe('Running on de1: 1 shell, no window shows it — click to attach');
    expect(hostShellsHeading('de1', 2)).toBe('Running on de1: 2 shells, no window shows them — click to attach');
  });

  it('groups them by host, each host’s most recently active first', () => {
    const groups = byHost([shell('de1', 'a', 1), shell('ns1', 'b', 5), shell('de1', 'c', 9)]);
    expect(groups.map((g) => [g.target, g.shells.map((s) => s.sessionName)])).toEqual([
      ['de1', ['c', 'a']],
      ['ns1', ['b']],
    ]);
  });
});
