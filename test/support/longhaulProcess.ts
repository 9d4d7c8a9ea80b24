// Runs the real `longhaul` command (the built bin) as a user would, and reads the address it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { inject } from 'vitest';
import { de1ConfigText } from './page.js';
import { knownHostsLineFor, pickFreePort, type SshdInfo } from './sshd.js';

export interface LonghaulProcess {
  child: ChildProcess;
  /** The address printed on the `longhaul ready:` line, token included. */
  url: string;
  origin: string;
  /** Everything it printed, for tests that check no secret reached the log. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Arguments that point longhaul at the test sshd as `de1`, reached on `port` (the sshd's own, or a proxy's in
 * front of it), with its host key already trusted, and everything longhaul writes kept under `work`.
 */
export function de1Args(work: string, sshd: Pick<SshdInfo, 'user' | 'userKeyPath' | 'hostPublicKey'>, port: number): string[] {
  const config = path.join(work, 'config');
  fs.writeFileSync(config, de1ConfigText(port, sshd.user, sshd.userKeyPath));
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor({ port, hostPublicKey: sshd.hostPublicKey })}\n`);
  return ['--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known];
}

const BIN = path.resolve(import.meta.dirname, '../../bin/longhaul.js');
const MAIN_SOURCE = path.resolve(import.meta.dirname, '../../server/main.ts');

export interface StartLonghaulOptions {
  /**
   * Run the same entry point from source (`node --import tsx server/main.ts`) instead of the built bin: the
   * integration project has no build step, so the built one may be older than the code under test.
   */
  fromSource?: boolean;
}

export async function startLonghaul(args: string[], env: NodeJS.ProcessEnv = {}, options: StartLonghaulOptions = {}): Promise<LonghaulProcess> {
  const entry = options.fromSource ? ['--import', 'tsx', MAIN_SOURCE] : [BIN];
  const child = spawn(process.execPath, [...entry, '--listen', '127.0.0.1:0', '--no-open', ...args], {
    env: { ...process.env, SSH_AUTH_SOCK: '', LONGHAUL_TMUX_SOCKET: testTmuxSocket(), ...env },
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

/**
 * Durable shells (the default where the host has tmux) go on a tmux server of this test file's, named with the run's
 * prefix, which the run ends at its close; never on the user's own `longhaul` server. Outside a test run (benchmarks,
 * screenshots), one of this process's own.
 */
function testTmuxSocket(): string {
  let prefix = `lh-script-`;
  try {
    prefix = inject('tmuxPrefix');
  } catch {
    // not in a vitest worker
  }
  return `${prefix}${process.pid}`;
}

/**
 * A loopback port that was free a moment ago, for a longhaul that must come back at the same address (the page
 * keeps its tabs per origin, so a restart on another port would be another page to it).
 */
export const freeLoopbackPort = pickFreePort;

/**
 * The output longhaul has kept in its store for its live sessions, read from the file as a crash would leave it
 * (empty while there is none, or no such table yet).
 */
export function keptLiveOutput(dataDir: string): string[] {
  const file = path.join(dataDir, 'longhaul.db');
  if (!fs.existsSync(file)) return [];
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const pieces = db.prepare('SELECT live_session_id AS id, bytes FROM live_output ORDER BY live_session_id, start_offset').all() as { id: string; bytes: Buffer }[];
    const bySession = new Map<string, Buffer[]>();
    for (const { id, bytes } of pieces) bySession.set(id, [...(bySession.get(id) ?? []), bytes]);
    return [...bySession.values()].map((parts) => Buffer.concat(parts).toString('utf8'));
  } catch {
    return [];
  } finally {
    db.close();
  }
}
