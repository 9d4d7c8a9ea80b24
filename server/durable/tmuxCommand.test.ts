import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killSessionCommand, tmuxCommand } from './durableShell.js';
import { literalForFormat, paneLogPipeCommand, removePaneLogsCommand } from './paneLog.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-tmux-command-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A directory whose only `tmux` says it is `version` and prints the arguments it was run with. */
function fakeTmux(version: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(work, 'bin-'));
  // Only what the command uses besides tmux, so a tmux installed here is not found.
  for (const tool of ['sh', 'xargs']) fs.symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), path.join(dir, tool));
  if (version) fs.writeFileSync(path.join(dir, 'tmux'), `#!/bin/sh\nif [ "$1" = -V ]; then echo '${version}'; exit 0; fi\nprintf '%s\\n' "$@"\n`, { mode: 0o755 });
  return dir;
}

/** Run a command as sshd would: the login shell (here bash) given it with -c. */
function runAsHost(command: string, bin: string) {
  return spawnSync('/bin/bash', ['-c', command], { env: { PATH: bin }, encoding: 'utf8' });
}

const ref = { socket: 'longhaul', sessionName: 'lh-0b1c' };
const size = { cols: 100, rows: 30 };

describe('the command that starts tmux on the host', () => {
  it('says 127 when the host has no tmux, or one older than 3.2', () => {
    for (const version of [undefined, 'tmux 2.9', 'tmux 3.0a', 'tmux 3.1c']) {
      expect(runAsHost(tmuxCommand(ref, 'new', size, 'xterm-256color'), fakeTmux(version)).status, version).toBe(127);
    }
  });

  it('starts an invisible control client on longhaul’s own server, each argument whole', () => {
    const result = runAsHost(tmuxCommand(ref, 'new', size, 'xterm-256color', '5eed'), fakeTmux('tmux 3.3a'));
    expect(result.status).toBe(0);
    const args = result.stdout.split('\n').filter(Boolean);
    expect(args.slice(0, 6)).toEqual(['-u', '-L', 'longhaul', '-f', '/dev/null', '-C']);
    // The pane's log is started in the same command list, its shell command one argument.
    expect(args.at(-1)).toBe(literalForFormat(paneLogPipeCommand('lh-0b1c', '5eed'), true));
    const commands = args.slice(6, -1).join(' ').split(' ; ');
    expect(commands).toEqual([
      'start-server',
      'set -g status off',
      'set -g prefix None',
      'set -g prefix2 None',
      'set -s escape-time 0',
      'set -g history-limit 10000',
      'set -g default-terminal xterm-256color',
      'new-session -A -s lh-0b1c -x 100 -y 30',
      'set -t =lh-0b1c: @longhaul-log 5eed',
      'pipe-pane -t =lh-0b1c:',
    ]);
  });

  it('reattaches to exactly that session', () => {
    const result = runAsHost(tmuxCommand(ref, 'attach', size, 'xterm-256color'), fakeTmux('tmux next-3.4'));
    expect(result.stdout.split('\n').filter(Boolean).slice(-3)).toEqual(['attach-session', '-t', '=lh-0b1c']);
  });

  it('kills exactly that session', () => {
    expect(killSessionCommand(ref)).toContain('kill-session -t =lh-0b1c');
    expect(killSessionCommand(ref)).toContain(removePaneLogsCommand('lh-0b1c'));
  });
});
