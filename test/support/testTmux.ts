// The tmux servers durable shells start on the test host: named with this run's prefix, and ended when the run ends.
import { onTestHost } from './onTestHost.js';
import type { SshdInfo } from './sshd.js';

/** A prefix no other run shares (two suites may run at once on one machine). */
export function tmuxPrefixForRun(): string {
  return `lh-test-${process.pid}-`;
}

/**
 * End every tmux server of this run on the test host, as the account the tests log in as (whose tmux directory
 * they live in). Stopping longhaul leaves durable shells running for its next start; the run's end is what ends them.
 */
export async function killTmuxServers(sshd: SshdInfo, prefix: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) throw new Error(`not a tmux server prefix: ${prefix}`);
  await onTestHost(sshd, `for s in "\${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/${prefix}"*; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; rm -f "$s"; done; true`);
}
