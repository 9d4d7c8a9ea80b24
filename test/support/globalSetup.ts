// Vitest global setup: one real sshd for the whole run, handed to tests as `inject('sshd')`.
import type { TestProject } from 'vitest/node';
import { startSshd, sshdInfo, type SshdInfo } from './sshd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sshd: SshdInfo;
  }
}

export default async function setup({ provide }: Pick<TestProject, 'provide'>): Promise<() => Promise<void>> {
  const sshd = await startSshd();
  provide('sshd', sshdInfo(sshd));
  return () => sshd.stop();
}
