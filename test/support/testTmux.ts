// The tmux servers durable shells start on the test host: named with this run's prefix, and ended when the run ends.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { knownHostsLineFor, type SshdInfo } from './sshd.js';

/** A prefix no other run shares (two suites may run at once on one machine). */
export function tmuxPrefixForRun(): string {
  return `lh-test-${process.pid}-`;
}

/**
 * End every tmux server of this run on the test host, as the account the tests log in as (whose tmux directory
 * they live in). Stopping longhaul leaves durable shells running for its next start; the run's end is what ends them.
 */
export function killTmuxServers(sshd: SshdInfo, prefix: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`not a tmux server prefix: ${prefix}`);
  const known = path.join(sshd.dir, 'tmux_cleanup_known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  const command = `for s in "\${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/${prefix}"*; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; rm -f "$s"; done; true`;
  const args = ['-F', sshd.sshConfigPath, '-o', `UserKnownHostsFile=${known}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'de1', command];
  return new Promise((resolve) => execFile('ssh', args, { timeout: 20_000 }, () => resolve()));
}
