// Drives bench/support/tabFleet.ts from a benchmark: starts it, waits until its tabs are ready, starts them, stops it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Longhaul } from './benchHost.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const FLEET = path.join(REPO, 'bench/support/tabFleet.ts');

export interface FleetResult {
  bytes: number;
  seconds: number;
}

export interface Fleet {
  /** pid of the fleet's process. */
  pid: number;
  /** Type the command in every tab. */
  go(): void;
  /** With a marker: resolves once every tab has shown it. */
  done(): Promise<FleetResult>;
  /** End it (SIGTERM); an endless fleet reports what it received since go(). */
  stop(): Promise<FleetResult | undefined>;
}

export async function startFleet(longhaul: Longhaul, count: number, command: string, untilMarker?: string): Promise<Fleet> {
  const args = ['--import', 'tsx', FLEET, longhaul.wsUrl, longhaul.token, String(count), command, ...(untilMarker ? ['--until', untilMarker] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  let printed = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    printed += text;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const result = () => {
    const line = printed.split('\n').find((l) => l.startsWith('done '));
    return line ? (JSON.parse(line.slice(5)) as FleetResult) : undefined;
  };
  const waitFor = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const test = () => {
        if (check()) {
          listeners.delete(test);
          resolve();
        } else if (child.exitCode !== null) {
          listeners.delete(test);
          reject(new Error(`the tab fleet exited before ${what}: ${printed}`));
        }
      };
      listeners.add(test);
      child.once('exit', test);
      test();
    });
  await waitFor(() => printed.includes('ready\n'), 'its tabs were ready');
  return {
    pid: child.pid!,
    go: () => child.stdin!.write('go\n'),
    async done() {
      await waitFor(() => result() !== undefined, 'every tab was done');
      return result()!;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return result();
    },
  };
}
