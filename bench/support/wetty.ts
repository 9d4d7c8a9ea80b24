// WeTTY, the peer the benchmarks compare against: installed at bench time into a temporary directory (never into this
// project), started against the bench's sshd, and driven by a headless socket.io tab that commits output like its page.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BenchHost } from './benchHost.js';
import { descendantsOf } from './procStats.js';

export const WETTY_VERSION = '3.2.0';
/** Its page commits (acknowledges) output in steps of this many characters; its server pauses the pty above 2 MiB. */
const WETTY_COMMIT_BYTES = 262_144;
const INSTALL_DIR = path.join(os.tmpdir(), 'longhaul-bench-peer', `wetty-${WETTY_VERSION}`);

export type Installed = { ok: true; dir: string; note: string } | { ok: false; reason: string };

/**
 * `npm install wetty@VERSION` into a directory under the system's temp dir, kept for later runs. Its package.json
 * allows node-pty's install script (it compiles the native module, which needs a C++ compiler) and nothing else.
 */
export function installWetty(): Installed {
  const main = path.join(INSTALL_DIR, 'node_modules/wetty/build/main.js');
  const pty = path.join(INSTALL_DIR, 'node_modules/node-pty/build/Release/pty.node');
  if (fs.existsSync(main) && fs.existsSync(pty)) return { ok: true, dir: INSTALL_DIR, note: `reused the install in ${INSTALL_DIR}` };
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    `${JSON.stringify({ name: 'longhaul-bench-peer', private: true, dependencies: { wetty: WETTY_VERSION }, allowScripts: { 'node-pty': true } }, null, 2)}\n`,
  );
  const started = Date.now();
  const result = spawnSync('npm', ['install', '--prefix', INSTALL_DIR, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: INSTALL_DIR,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.error || result.status !== 0) {
    const detail = (result.error?.message ?? `${result.stderr}`).trim().split('\n').filter((line) => !/nodedir/.test(line)).slice(-3).join(' / ');
    return { ok: false, reason: `npm install wetty@${WETTY_VERSION} failed (${result.status ?? result.signal ?? 'no status'}): ${detail}` };
  }
  if (!fs.existsSync(main)) return { ok: false, reason: `npm install wetty@${WETTY_VERSION} left no ${main}` };
  if (!fs.existsSync(pty)) return { ok: false, reason: 'node-pty, the native module WeTTY runs ssh in, was not built (no C++ compiler, or its install script was refused)' };
  return { ok: true, dir: INSTALL_DIR, note: `installed in ${Math.round((Date.now() - started) / 1000)} s into ${INSTALL_DIR}` };
}

export interface Wetty {
  child: ChildProcess;
  pid: number;
  url: string;
  /** WeTTY's node process and everything it runs (an ssh per session). */
  processes(): number[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Start WeTTY on a free loopback port, running `ssh` to the bench sshd with its key (WeTTY's --ssh-key mode). */
export async function startWetty(dir: string, host: BenchHost): Promise<Wetty> {
  const port = await freePort();
  const main = path.join(dir, 'node_modules/wetty/build/main.js');
  const child = spawn(
    process.execPath,
    [
      main, '--host', '127.0.0.1', '--port', String(port), '--base', '/wetty', '--title', 'WeTTY',
      // As root WeTTY would run `login` instead of ssh for 127.0.0.1.
      '--force-ssh',
      '--ssh-host', '127.0.0.1', '--ssh-port', String(host.sshd.port), '--ssh-user', host.sshd.user,
      '--ssh-key', host.sshd.userKeyPath, '--ssh-auth', 'publickey', '--known-hosts', host.knownHosts,
      '--log-level', 'warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/wetty`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`WeTTY exited (${child.exitCode}): ${stderr.slice(-500)}`);
    if (Date.now() > deadline) throw new Error(`WeTTY did not answer on ${url}: ${stderr.slice(-500)}`);
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid!;
  return {
    child,
    pid,
    url,
    processes: () => [pid, ...descendantsOf(pid)],
    async stop() {
      const children = descendantsOf(pid);
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      // The ssh processes it ran in ptys end with their pty; any that linger are ours to end.
      for (const leftover of children) {
        try {
          process.kill(leftover, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    },
  };
}

interface SocketLike {
  on(event: string, listener: (...args: unknown[]) => void): SocketLike;
  emit(event: string, ...args: unknown[]): SocketLike;
  close(): void;
}

/** A headless WeTTY tab over socket.io: sends keys as `input`, and commits output in 256 KiB steps as its page does. */
export class WettyTab {
  received = 0;
  private tail = '';
  private uncommitted = 0;
  private waiters = new Set<() => void>();

  private constructor(private readonly socket: SocketLike) {
    socket.on('data', (data) => {
      const text = String(data);
      this.received += text.length;
      this.tail = (this.tail + text).slice(-4096);
      this.uncommitted += text.length;
      while (this.uncommitted >= WETTY_COMMIT_BYTES) {
        this.uncommitted -= WETTY_COMMIT_BYTES;
        socket.emit('commit', WETTY_COMMIT_BYTES);
      }
      for (const wake of [...this.waiters]) wake();
    });
  }

  static async open(dir: string, wetty: Wetty, timeoutMs = 60_000): Promise<WettyTab> {
    const require = createRequire(path.join(dir, 'node_modules/'));
    const { io } = require('socket.io-client') as { io: (url: string, options: object) => SocketLike };
    const socket = io(new URL(wetty.url).origin, { path: '/wetty/socket.io', transports: ['websocket'], forceNew: true, reconnection: false });
    const tab = new WettyTab(socket);
    // WeTTY listens for resizes once ssh runs, which it announces with `login`.
    socket.on('login', () => socket.emit('resize', { cols: 120, rows: 40 }));
    await tab.until(() => tab.tail.includes('$ '), 'the prompt', timeoutMs);
    return tab;
  }

  type(text: string): void {
    this.socket.emit('input', text);
  }

  tailIncludes(text: string): boolean {
    return this.tail.includes(text);
  }

  until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`WeTTY tab: timed out waiting for ${what}; tail ${JSON.stringify(this.tail.slice(-200))}`));
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  close(): void {
    this.socket.close();
  }
}
