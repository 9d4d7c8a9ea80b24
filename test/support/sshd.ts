// Starts a real, throw-away OpenSSH sshd on a free loopback port for tests, with its own host key and user keys.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Everything about a running test sshd that survives serialisation (what `inject('sshd')` gives tests). */
export interface SshdInfo {
  host: string;
  port: number;
  /** The account tests log in as: `longhaul-test` when run as root, else the current user. */
  user: string;
  /** That account's password for this run; undefined when not root (password tests skip). */
  password?: string | undefined;
  /** pid of the listening sshd. */
  pid: number;
  /** The temporary directory holding the keys, config and log. */
  dir: string;
  /** An unencrypted ed25519 key that authorized_keys accepts. */
  userKeyPath: string;
  userPublicKey: string;
  /** An ed25519 key encrypted with `passphrase`, also in authorized_keys. */
  encryptedKeyPath: string;
  passphrase: string;
  hostKeyPath: string;
  /** The host key's `.pub` line: `ssh-ed25519 AAAA… comment`. */
  hostPublicKey: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  logPath: string;
  /** An ssh config naming this server `de1` (HostName, Port, User, IdentityFile userKeyPath). */
  sshConfigPath: string;
}

export interface SshdHandle extends SshdInfo {
  /** sshd's log so far (LogLevel DEBUG1). It begins with the readiness probe's own connection. */
  readLog(): string;
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA…`, a known_hosts line trusting this server's host key. */
  knownHostsLine(): string;
  /** Stops sshd and the sessions it forked, waits for it to exit, and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

export interface SshdOptions {
  /** sshd_config lines placed before the defaults; sshd keeps the first value it reads, so these win. */
  extraConfig?: string[];
}

export interface KeyPair {
  privateKeyPath: string;
  publicKeyPath: string;
  /** The `.pub` line. */
  publicKey: string;
}

const SSHD = process.env.SSHD_PATH ?? '/usr/sbin/sshd';
const TEST_USER = 'longhaul-test';
/** Root-only state shared by concurrent test runs: the account's current password and who set it. */
const ACCOUNT_STATE_DIR = '/run/longhaul-test';
const START_ATTEMPTS = 5;
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

/** Creates an ed25519 key pair `<dir>/<name>` (and `.pub`); an empty passphrase leaves it unencrypted. */
export function generateKeyPair(dir: string, name: string, passphrase = ''): KeyPair {
  const privateKeyPath = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `longhaul-test-${name}`, '-f', privateKeyPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const publicKeyPath = `${privateKeyPath}.pub`;
  return { privateKeyPath, publicKeyPath, publicKey: fs.readFileSync(publicKeyPath, 'utf8').trim() };
}

/** A known_hosts line trusting `hostPublicKey` at 127.0.0.1:`port` (the comment dropped, as ssh writes it). */
export function knownHostsLineFor(info: Pick<SshdInfo, 'port' | 'hostPublicKey'>): string {
  const [type, key] = info.hostPublicKey.split(/\s+/);
  return `[127.0.0.1]:${info.port} ${type} ${key}`;
}

/** sshd's log so far, for tests that only have the injected `SshdInfo`. */
export function readSshdLog(info: Pick<SshdInfo, 'logPath'>): string {
  try {
    return fs.readFileSync(info.logPath, 'utf8');
  } catch {
    return '';
  }
}

/** The serialisable part of a handle, e.g. for vitest's `provide`. */
export function sshdInfo(handle: SshdHandle): SshdInfo {
  const { readLog: _readLog, knownHostsLine: _knownHostsLine, stop: _stop, ...info } = handle;
  return info;
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdHandle> {
  if (!fs.existsSync(SSHD)) {
    throw new Error(`No sshd at ${SSHD}: install OpenSSH's server (apt-get install -y openssh-server), or set SSHD_PATH.`);
  }
  const isRoot = process.getuid?.() === 0;
  let user = os.userInfo().username;
  let password: string | undefined;
  if (isRoot) {
    password = prepareTestAccount();
    user = TEST_USER;
    // The privilege-separation directory sshd insists on when started as root.
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-sshd-'));
  // Readable by all: root's sshd reads authorized_keys as the login user.
  fs.chmodSync(dir, 0o755);
  try {
    const hostKey = generateKeyPair(dir, 'ssh_host_ed25519_key');
    const userKey = generateKeyPair(dir, 'id_ed25519');
    const passphrase = `pass-${randomBytes(9).toString('base64url')}`;
    const encryptedKey = generateKeyPair(dir, 'id_ed25519_encrypted', passphrase);
    const authorizedKeysPath = path.join(dir, 'authorized_keys');
    fs.writeFileSync(authorizedKeysPath, `${userKey.publicKey}\n${encryptedKey.publicKey}\n`, { mode: 0o644 });
    const fingerprint = execFileSync('ssh-keygen', ['-lf', hostKey.publicKeyPath], { encoding: 'utf8' }).split(/\s+/)[1];
    if (!fingerprint?.startsWith('SHA256:')) throw new Error(`ssh-keygen -lf printed no SHA256 fingerprint for ${hostKey.publicKeyPath}`);

    const logPath = path.join(dir, 'sshd.log');
    const configPath = path.join(dir, 'sshd_config');
    const sshConfigPath = path.join(dir, 'ssh_config');
    let lastFailure = '';
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      const port = await pickFreePort();
      fs.writeFileSync(configPath, sshdConfig({ dir, port, hostKeyPath: hostKey.privateKeyPath, authorizedKeysPath, extraConfig: options.extraConfig ?? [] }));
      fs.rmSync(logPath, { force: true });
      const started = await launch(configPath, logPath, port);
      if (!started.ok) {
        lastFailure = started.reason;
        // Another process may take the port between our probe and sshd's bind; only that is worth retrying.
        if (/Address already in use|Cannot bind any address/.test(started.reason)) continue;
        throw new Error(`sshd did not start:\n${started.reason}`);
      }
      fs.writeFileSync(
        sshConfigPath,
        `Host de1\n  HostName 127.0.0.1\n  Port ${port}\n  User ${user}\n  IdentityFile ${userKey.privateKeyPath}\n  IdentitiesOnly yes\n`,
        { mode: 0o644 },
      );
      const child = started.child;
      const handle: SshdHandle = {
        host: '127.0.0.1',
        port,
        user,
        password,
        pid: child.pid!,
        dir,
        userKeyPath: userKey.privateKeyPath,
        userPublicKey: userKey.publicKey,
        encryptedKeyPath: encryptedKey.privateKeyPath,
        passphrase,
        hostKeyPath: hostKey.privateKeyPath,
        hostPublicKey: hostKey.publicKey,
        hostKeyFingerprint: fingerprint,
        logPath,
        sshConfigPath,
        readLog: () => readSshdLog({ logPath }),
        knownHostsLine: () => knownHostsLineFor({ port, hostPublicKey: hostKey.publicKey }),
        stop: once(async () => {
          await stopProcessTree(child);
          running.delete(child);
          fs.rmSync(dir, { recursive: true, force: true });
        }),
      };
      running.set(child, dir);
      return handle;
    }
    throw new Error(`sshd found no free port in ${START_ATTEMPTS} attempts:\n${lastFailure}`);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function sshdConfig(o: { dir: string; port: number; hostKeyPath: string; authorizedKeysPath: string; extraConfig: string[] }): string {
  return [
    '# Written by test/support/sshd.ts for one test run; removed when the test sshd stops.',
    ...o.extraConfig,
    'ListenAddress 127.0.0.1',
    `Port ${o.port}`,
    `HostKey ${o.hostKeyPath}`,
    `PidFile ${path.join(o.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${o.authorizedKeysPath}`,
    // The keys live in a temp dir owned by whoever runs the tests, not by the login user.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    'LogLevel DEBUG1',
    // Tests open many connections at once; the default (10:30:100) starts dropping them at random.
    'MaxStartups 100',
    // Quiet logins, so a shell's first output is the prompt.
    'PrintMotd no',
    'PrintLastLog no',
    // As Debian's own sshd_config: the client's locale is honoured, so UTF-8 input works in the shell.
    'AcceptEnv LANG LC_*',
    'Subsystem sftp internal-sftp',
    // OpenSSH 9.8+ penalises a source after failed logins, and tests fail logins on purpose.
    ...(sshdSupportsPerSourcePenalties() ? ['PerSourcePenalties no'] : []),
    '',
  ].join('\n');
}

type Launch = { ok: true; child: ChildProcess } | { ok: false; reason: string };

/** Runs sshd in the foreground and waits until it answers with an SSH banner, or exits. */
async function launch(configPath: string, logPath: string, port: number): Promise<Launch> {
  const child = spawn(SSHD, ['-D', '-E', logPath, '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `sshd exited (${signal ?? `code ${code}`})`));
  child.once('error', (error) => (exited = `sshd could not be run: ${error.message}`));
  // A forgotten sshd must not keep a test process alive; the exit hook below still stops it.
  child.unref();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  registerExitHook();

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return { ok: false, reason: `${exited}\n${stderr}${readSshdLog({ logPath })}` };
    // Our own log must say it bound: a banner alone could come from whoever took the port instead.
    const listening = readSshdLog({ logPath }).includes(`Server listening on 127.0.0.1 port ${port}.`);
    if (listening && (await answersWithBanner(port)) && !exited) return { ok: true, child };
    await sleep(50);
  }
  await stopProcessTree(child);
  return { ok: false, reason: `sshd did not answer on port ${port} within ${READY_TIMEOUT_MS} ms\n${stderr}${readSshdLog({ logPath })}` };
}

function answersWithBanner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('SSH-2.0-')) finish(true);
    });
  });
}

/** A port that was free a moment ago (sshd may still lose a race for it; callers retry). */
export async function pickFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Makes sure the `longhaul-test` account exists and has a password, and returns it. The password is set once
 * per boot (its state lives in /run, a tmpfs, readable by root only) and then reused by every run: runs on
 * the same machine overlap (a watch run beside a one-off run), and a run that reset the password would break
 * every other run logging in with the old one.
 */
function prepareTestAccount(): string {
  fs.mkdirSync(ACCOUNT_STATE_DIR, { recursive: true, mode: 0o700 });
  return withAccountLock(() => {
    ensureTestUser();
    const statePath = path.join(ACCOUNT_STATE_DIR, 'password.json');
    try {
      const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as { password?: unknown };
      if (typeof state.password === 'string' && state.password.length > 0) return state.password;
    } catch {
      // Not set since boot.
    }
    const password = randomBytes(18).toString('base64url');
    run('chpasswd', [], `${TEST_USER}:${password}\n`);
    fs.writeFileSync(statePath, JSON.stringify({ password }), { mode: 0o600 });
    return password;
  });
}

function ensureTestUser(): void {
  if (spawnSync('id', ['-u', TEST_USER], { stdio: 'ignore' }).status === 0) return;
  run('useradd', ['-m', '-s', '/bin/bash', TEST_USER]);
}

function run(command: string, args: string[], input?: string): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8', stdio: ['pipe', 'ignore', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message}`);
  }
}

/** A cross-process lock (mkdir is atomic) around changes to the shared test account. */
function withAccountLock<T>(fn: () => T): T {
  const lock = path.join(ACCOUNT_STATE_DIR, 'lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that died mid-way leaves the lock behind; the work under it takes well under a second.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}; remove it if no test run is active`);
      else sleepSync(50);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let penaltiesSupported: boolean | undefined;
function sshdSupportsPerSourcePenalties(): boolean {
  if (penaltiesSupported === undefined) {
    // `sshd -V` prints e.g. "OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL …" on stderr.
    const result = spawnSync(SSHD, ['-V'], { encoding: 'utf8' });
    const match = /OpenSSH_(\d+)\.(\d+)/.exec(`${result.stderr}${result.stdout}`);
    penaltiesSupported = !!match && (Number(match[1]) > 9 || (Number(match[1]) === 9 && Number(match[2]) >= 8));
  }
  return penaltiesSupported;
}

/** Every live test sshd, so they can be stopped if the process exits without calling `stop()`. */
const running = new Map<ChildProcess, string>();
let exitHookRegistered = false;
function registerExitHook(): void {
  if (exitHookRegistered) return;
  exitHookRegistered = true;
  process.once('exit', () => {
    for (const [child, dir] of running) {
      for (const pid of [child.pid!, ...descendantsOf(child.pid!)]) signal(pid, 'SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Stops sshd and what it forked. Each connection's sshd calls setsid(), so it would outlive the
 * listener; its sessions are found as descendants by pid rather than by process group.
 */
async function stopProcessTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const descendant of descendantsOf(pid).reverse()) signal(descendant, 'SIGTERM');
  signal(pid, 'SIGTERM');
  const giveUp = new AbortController();
  const timedOut = await Promise.race([
    exited.then(() => false),
    sleep(STOP_TIMEOUT_MS, true, { signal: giveUp.signal }).catch(() => false),
  ]);
  giveUp.abort(); // so the timer does not hold the process open for seconds after sshd is gone
  if (timedOut) {
    for (const descendant of descendantsOf(pid)) signal(descendant, 'SIGKILL');
    signal(pid, 'SIGKILL');
    await exited;
  }
}

/** pids whose parent chain leads to `root`, parents before children. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it exited meanwhile
    }
    // The command name may contain spaces and parentheses, so parse after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
