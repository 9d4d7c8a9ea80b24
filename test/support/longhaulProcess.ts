// Runs the real `longhaul` command (the built bin) as a user would, and reads the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface LonghaulProcess {
  child: ChildProcess;
  /** The address printed on the `longhaul ready:` line, token included. */
  url: string;
  origin: string;
  /** Everything it printed, for tests that check no secret reached the log. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const BIN = path.resolve(import.meta.dirname, '../../bin/longhaul.js');

export async function startLonghaul(args: string[], env: NodeJS.ProcessEnv = {}): Promise<LonghaulProcess> {
  const child = spawn(process.execPath, [BIN, '--listen', '127.0.0.1:0', '--no-open', ...args], {
    env: { ...process.env, SSH_AUTH_SOCK: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`longhaul did not print its address: ${printed}`)), 20_000);
    const check = () => {
      const match = /^longhaul ready: (\S+)$/m.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`longhaul exited (${code}) before it was ready: ${printed}`));
    });
  });
  return {
    child,
    url,
    origin: new URL(url).origin,
    output: () => printed,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
