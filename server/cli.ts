// The command line: options, their defaults, and one-line errors (exit code 2) for anything wrong.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_CONNECT_ATTEMPTS_PER_MINUTE, MAX_SESSIONS_PER_BRIDGE } from './session/resourceLimits.js';
import { MIN_TOKEN_LENGTH, readTokenFile } from './web/token.js';

export interface Options {
  listenHost: string;
  listenPort: number;
  dataDir: string;
  sshConfig: string;
  /** Whether --ssh-config was given (then it must exist). */
  sshConfigExplicit: boolean;
  knownHosts: string;
  knownHostsExplicit: boolean;
  open: boolean;
  /** From --token, or read from --token-file. */
  token?: string;
  /** Names the page may be reached by besides the listening address (--allow-host), lower case. */
  allowHosts: string[];
  tlsCert?: string;
  tlsKey?: string;
  insecureListen: boolean;
  /** Extra round trip added to every longhaul ↔ host connection, in ms (0: none). */
  simulateRttMs: number;
  /** How long a closed tab's shell keeps running, in minutes. */
  keepClosedMinutes: number;
  /** Recent output kept per session for resuming and reopening, in MiB. */
  outputBufferMiB: number;
  /** Live sessions (attached or kept after their tab closed) held at once. */
  maxSessions: number;
  /** New SSH connections started per minute (a channel on an authenticated connection is not one). */
  maxConnectsPerMinute: number;
  /** Shells run in tmux on the host (when it has tmux), so they outlive a cut connection. */
  durable: boolean;
}

export const USAGE = `Usage: longhaul [options]

A browser SSH terminal for hosts that are far away.

Options:
  --listen HOST:PORT     where the page is served (default 127.0.0.1:8022; port 0 picks a free one)
  --data-dir DIR         longhaul's own files: token, known_hosts (default $XDG_DATA_HOME/longhaul
                         or ~/.local/share/longhaul)
  --ssh-config FILE      OpenSSH client config to read Host aliases from (default ~/.ssh/config)
  --known-hosts FILE     OpenSSH known_hosts to trust, read only; replaces UserKnownHostsFile
                         (default: the ssh config's UserKnownHostsFile, else ~/.ssh/known_hosts)
  --token-file FILE      read the access token from FILE (mode 600) instead of the one kept in the data
                         directory; preferred to --token, which other users can see in the process list
  --token TOKEN          use this access token (visible to other users in /proc; prefer --token-file)
  --allow-host NAME      also answer requests addressed to NAME (a DNS name or address you reach longhaul
                         by); repeatable. Other names are refused, against DNS rebinding
  --no-open              do not open a browser
  --tls-cert FILE        serve HTTPS with this certificate (PEM) ...
  --tls-key FILE         ... and this private key (PEM); needed to listen beyond loopback
  --insecure-listen      allow a non-loopback --listen without TLS (prints a warning)
  --simulate-rtt MS      add MS of round trip to every host connection, to feel a far link (default 0)
  --keep-closed MINUTES  keep a closed tab's shell running this long, to reopen it (default 15)
  --output-buffer MIB    recent output kept per session for resume and reopen (default 4)
  --max-sessions N       live shells held at once, closed tabs' kept shells included; more are refused
                         (default ${MAX_SESSIONS_PER_BRIDGE})
  --max-connects-per-minute N
                         new SSH connections started per minute; a tab on an already logged-in connection
                         is not one (default ${MAX_CONNECT_ATTEMPTS_PER_MINUTE})
  --durable auto|off     auto: run each tab's shell in tmux on the host when it has tmux 3.2 or newer, so
                         it survives a cut connection and a restart of longhaul (default auto)
  --help                 show this help
`;

export class UsageError extends Error {}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && path.isAbsolute(xdg) ? path.join(xdg, 'longhaul') : path.join(home, '.local', 'share', 'longhaul');
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Split HOST:PORT; IPv6 hosts in brackets. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new UsageError(`--listen takes HOST:PORT (for example 127.0.0.1:8022 or [::1]:8022), not "${text}"`);
  }
  return { host: (match[1] ?? match[2])!, port };
}

/** Parse argv (without node and script). Returns 'help' for --help. Throws UsageError with one line. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, home = os.homedir()): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        'data-dir': { type: 'string' },
        'ssh-config': { type: 'string' },
        'known-hosts': { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'no-open': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'insecure-listen': { type: 'boolean' },
        'simulate-rtt': { type: 'string' },
        'keep-closed': { type: 'string' },
        'output-buffer': { type: 'string' },
        'max-sessions': { type: 'string' },
        'max-connects-per-minute': { type: 'string' },
        durable: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node's messages are multi-line and mention internals; keep the useful first sentence.
    const first = (error as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
    throw new UsageError(`${first} (see longhaul --help)`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const { host, port } = parseListen(v.listen ?? '127.0.0.1:8022');
  const simulateRttMs = v['simulate-rtt'] === undefined ? 0 : Number(v['simulate-rtt']);
  if (!/^\d{1,5}$/.test(v['simulate-rtt'] ?? '0') || simulateRttMs > 10_000) {
    throw new UsageError(`--simulate-rtt takes a round trip in milliseconds from 0 to 10000, not "${v['simulate-rtt']}"`);
  }
  const keepClosedMinutes = wholeNumber('--keep-closed', 'minutes', v['keep-closed'], 15, 0, 7 * 24 * 60);
  const outputBufferMiB = wholeNumber('--output-buffer', 'MiB', v['output-buffer'], 4, 1, 256);
  const maxSessions = wholeNumber('--max-sessions', 'sessions', v['max-sessions'], MAX_SESSIONS_PER_BRIDGE, 1, 100_000);
  const maxConnectsPerMinute = wholeNumber('--max-connects-per-minute', 'connections', v['max-connects-per-minute'], MAX_CONNECT_ATTEMPTS_PER_MINUTE, 1, 10_000);
  // `on` is what the option took while it was new and opt-in; it means the same as auto.
  const durable = v.durable ?? 'auto';
  if (durable !== 'auto' && durable !== 'on' && durable !== 'off') throw new UsageError(`--durable takes auto or off, not "${durable}"`);
  if (v.token !== undefined && v.token.length < MIN_TOKEN_LENGTH) throw new UsageError(`--token must be at least ${MIN_TOKEN_LENGTH} characters`);
  if (v.token !== undefined && v['token-file'] !== undefined) throw new UsageError('give --token or --token-file, not both');
  const allowHosts = (v['allow-host'] ?? []).map(allowedHostName);
  if (Boolean(v['tls-cert']) !== Boolean(v['tls-key'])) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = Boolean(v['tls-cert']);
  if (!isLoopback(host) && !tls && !v['insecure-listen']) {
    throw new UsageError(
      `listening on ${host} exposes your SSH sessions to the network: give --tls-cert and --tls-key, or --insecure-listen if you really mean it`,
    );
  }
  const options: Options = {
    listenHost: host,
    listenPort: port,
    dataDir: path.resolve(v['data-dir'] ?? defaultDataDir(env, home)),
    sshConfig: path.resolve(v['ssh-config'] ?? path.join(home, '.ssh', 'config')),
    sshConfigExplicit: v['ssh-config'] !== undefined,
    knownHosts: path.resolve(v['known-hosts'] ?? path.join(home, '.ssh', 'known_hosts')),
    knownHostsExplicit: v['known-hosts'] !== undefined,
    open: !v['no-open'],
    allowHosts,
    insecureListen: Boolean(v['insecure-listen']),
    simulateRttMs,
    keepClosedMinutes,
    outputBufferMiB,
    maxSessions,
    maxConnectsPerMinute,
    durable: durable !== 'off',
  };
  if (v.token !== undefined) options.token = v.token;
  if (v['token-file'] !== undefined) {
    try {
      options.token = readTokenFile(path.resolve(v['token-file']));
    } catch (error) {
      throw new UsageError(`--token-file: ${(error as Error).message}`);
    }
  }
  if (v['tls-cert']) options.tlsCert = path.resolve(v['tls-cert']);
  if (v['tls-key']) options.tlsKey = path.resolve(v['tls-key']);
  for (const [flag, file, required] of [
    ['--ssh-config', options.sshConfig, options.sshConfigExplicit],
    ['--known-hosts', options.knownHosts, options.knownHostsExplicit],
    ['--tls-cert', options.tlsCert, true],
    ['--tls-key', options.tlsKey, true],
  ] as const) {
    if (file !== undefined && required) assertReadable(flag, file);
  }
  return options;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/i;

/** An --allow-host value as the Host check compares it: lower case, IPv6 without brackets, no port. */
function allowedHostName(text: string): string {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (net.isIP(bare) !== 0 || DNS_NAME.test(bare)) return bare.toLowerCase();
  throw new UsageError(`--allow-host takes a host name or address without a port (for example longhaul.example.com), not "${text}"`);
}

function wholeNumber(flag: string, unit: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${flag} takes a whole number of ${unit} from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

function assertReadable(flag: string, file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (fs.statSync(file).isDirectory()) throw new Error('a directory');
  } catch {
    throw new UsageError(`${flag}: cannot read ${file}`);
  }
}
