// The host-shells listing: its command runs under sh as written, and its output is read strictly.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { listHostShellsCommand, MAX_HOST_SHELLS, parseHostShells } from './hostShells.js';

const id = (n: number) => `lh-0000000${n}-1111-2222-3333-444444444444`;

describe('parseHostShells', () => {
  it('reads name, times and last line, and skips anything not longhaul’s or not as written', () => {
    const text = [
      `${id(1)} 1796288000 1796288100\tuser@de1:~$ less /var/log/syslog\x1fuser@de1:~$`,
      `main 1796288000 1796288100\tthe user's own session`,
      `${id(2)} soon later\tgarbage`,
      `${id(3)} 1796288000 1796288200\t\u001b]0;title\u0007plain\x1f\x1f`,
      '',
    ].join('\n');
    expect(parseHostShells(text)).toEqual([
      { sessionName: id(1), createdAt: 1796288000_000, activityAt: 1796288100_000, lastLine: 'user@de1:~$ less /var/log/syslog' },
      { sessionName: id(3), createdAt: 1796288000_000, activityAt: 1796288200_000, lastLine: 'plain' },
    ]);
  });

  it('stops at MAX_HOST_SHELLS', () => {
    const line = `${id(1)} 1 2\tx\n`;
    expect(parseHostShells(line.repeat(MAX_HOST_SHELLS + 5))).toHaveLength(MAX_HOST_SHELLS);
  });
});

describe('listHostShellsCommand', () => {
  it('is one quoted sh -c word that a shell runs as written (no tmux server: no lines)', () => {
    const output = execFileSync('sh', ['-c', listHostShellsCommand(`lh-test-none-${process.pid}`)], { encoding: 'utf8' });
    expect(output).toBe('');
  });

  it('refuses a server name that would need quoting', () => {
    expect(() => listHostShellsCommand("a'; rm -rf ~")).toThrow(/not a tmux server name/);
  });
});
