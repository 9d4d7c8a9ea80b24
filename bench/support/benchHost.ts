// The common stage of the benchmarks: a test sshd named `de1` in an ssh config that `ssh` and longhaul both read,
// the real longhaul process, and OpenSSH's `ssh` run against the same sshd for comparison.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLonghaul, type LonghaulProcess } from '../../test/support/longhaulProcess.js';
import { knownHostsLineFor, startSshd, type SshdHandle, type SshdOptions } from '../../test/support/sshd.js';

export interface BenchHost {
  sshd: SshdHandle;
  /** A temporary directory for this run: ssh config, known_hosts, longhaul's data. */
  work: string;
  /** An ssh config naming the sshd `de1`, for `ssh -F` and longhaul's --ssh-config. */
  sshConfig: string;
  knownHosts: string;
  stop(): Promise<void>;
}

export interface Longhaul {
  process: LonghaulProcess;
  pid: number;
  url: string;
  token: string;
  wsUrl: string;
}

export async function startBenchHost(options: SshdOptions = {}): Promise<BenchHost> {
  const sshd = await startSshd(options);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bench-'));
  const knownHosts = path.join(work, 'known_hosts');
  fs.writeFileSync(knownHosts, `${knownHostsLineFor(sshd)}\n`);
  const sshConfig = path.join(work, 'config');
  fs.writeFileSync(
    sshConfig,
    `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n` +
      `  UserKnownHostsFile ${knownHosts}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`,
  );
  return {
    sshd,
    work,
    sshConfig,
    knownHosts,
    async stop() {
      await sshd.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Add `Host <name>` for the same user and keys at 127.0.0.1:`port` (a proxy in front of the sshd), trusted as the sshd. */
export function addHostAlias(host: BenchHost, name: string, port: number): void {
  fs.appendFileSync(
    host.sshConfig,
    `Host ${name}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${host.sshd.user}\n  IdentityFile ${host.sshd.userKeyPath}\n  IdentitiesOnly yes\n` +
      `  UserKnownHostsFile ${host.knownHosts}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`,
  );
  fs.appendFileSync(host.knownHosts, `${knownHostsLineFor({ port, hostPublicKey: host.sshd.hostPublicKey })}\n`);
}

/**
 * Start the real longhaul command against the bench host (its own data directory under `host.work`). Shells on a
 * pty unless `extraArgs` says `--durable auto` (a later value wins): durable shells outlive longhaul, in tmux.
 */
export async function startBenchLonghaul(host: BenchHost, extraArgs: string[] = [], name = 'data', env: NodeJS.ProcessEnv = {}): Promise<Longhaul> {
  const process = await startLonghaul(
    ['--durable', 'off', '--data-dir', path.join(host.work, name), '--ssh-config', host.sshConfig, '--known-hosts', host.knownHosts, ...extraArgs],
    { HOME: host.work, ...env },
  );
  const url = new URL(process.url);
  return { process, pid: process.child.pid!, url: process.url, token: url.searchParams.get('token')!, wsUrl: `ws://${url.host}/ws` };
}

/** Run `ssh -F config …args` with its output thrown away (as `> /dev/null`), and time it in ms. */
export function timeSsh(host: BenchHost, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('ssh', ['-F', host.sshConfig, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`ssh ${args.join(' ')} exited ${code}`))));
  });
}

/**
 * A host command printing `mib` MiB of printable text: base64 lines of 76 characters and a newline. On a pty
 * each line gains a carriage return, so a terminal receives 78/77 of that.
 */
export function floodCommand(mib: number): string {
  const rawBytes = Math.round((mib * 1024 * 1024 * 3) / 4); // base64 makes 4 bytes of 3
  return `head -c ${rawBytes} /dev/zero | base64 -w 76`;
}

/** Bytes a terminal receives from floodCommand(mib) through a pty (each 77-byte line gains a \r). */
export function floodBytesOnPty(mib: number): number {
  const text = mib * 1024 * 1024;
  return text + Math.ceil(text / 77);
}
