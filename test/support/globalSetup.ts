// Vitest global setup: one real sshd for the whole run, handed to tests as `inject('sshd')`, and the name prefix of the run's tmux servers.
import type { TestProject } from 'vitest/node';
import { startSshd, sshdInfo, type SshdInfo } from './sshd.js';
import { killTmuxServers, tmuxPrefixForRun } from './testTmux.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sshd: SshdInfo;
    /** Every longhaul a test starts runs its durable shells on a tmux server named with this prefix. */
    tmuxPrefix: string;
  }
}

export default async function setup({ provide }: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const sshd = await startSshd();
  const info = sshdInfo(sshd);
  const tmuxPrefix = tmuxPrefixForRun();
  provide('sshd', info);
  provide('tmuxPrefix', tmuxPrefix);
  return async () => {
    await killTmuxServers(info, tmuxPrefix);
    await sshd.stop();
  };
}
