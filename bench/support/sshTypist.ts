// OpenSSH's own `ssh -tt` as a typist, for keystroke → echo beside longhaul's: keys written to its stdin, echoes read from its stdout.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { BenchHost } from './benchHost.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SshTypist {
  /** Type `key` and time how long until `expect` comes back, in ms. */
  echo(key: string, expect: string): Promise<number>;
  stop(): Promise<void>;
}

/** `ssh -tt de1` as a typist: a shell on a pty, keys written to ssh's stdin, echoes read from its stdout. */
export async function sshTypist(host: BenchHost): Promise<SshTypist> {
  const child = spawn('ssh', ['-q', '-tt', '-F', host.sshConfig, 'de1'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let watched = '';
  let wake: (() => void) | undefined;
  child.stdout!.setEncoding('latin1').on('data', (text: string) => {
    watched += text;
    wake?.();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const until = async (check: () => boolean, what: string) => {
    const deadline = performance.now() + 30_000;
    while (!check()) {
      if (performance.now() > deadline) throw new Error(`ssh typist: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  await until(() => watched.includes('$ '), 'the prompt');
  await sleep(300);
  return {
    async echo(key, expect) {
      watched = '';
      const started = performance.now();
      child.stdin!.write(key);
      await until(() => watched.includes(expect), `the echo of ${JSON.stringify(key)}`);
      return performance.now() - started;
    },
    async stop() {
      child.stdin!.end('exit\r');
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
