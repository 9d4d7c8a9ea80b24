// Commands a benchmark runs beside longhaul (ssh, scp, xargs) and how long a piece of work takes.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Runs a command to its end; rejects unless it exits 0 (its stderr goes to ours). */
export function exitOf(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** Wall time of `work`, in ms. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
