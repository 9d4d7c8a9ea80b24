// Turns what the user typed (`de1`, `alice@host:2222`) into where to connect, the way OpenSSH reads ~/.ssh/config.
import os from 'node:os';
import path from 'node:path';
import SSHConfig from 'ssh-config';
import { parseTypedTarget, TargetError } from '../../shared/target.js';

// The typed form's rules live in shared/, so the page refuses what the bridge would refuse, in the same words.
export { parseTypedTarget, TargetError };

export interface SshTarget {
  /** What the user typed, used in titles and messages. */
  label: string;
  /** The real host name or address (`HostName`, else the alias itself). */
  host: string;
  port: number;
  user: string;
  /** Private key files to try, in order (`IdentityFile`, else OpenSSH's defaults). */
  identityFiles: string[];
  /** `IdentitiesOnly yes`: don't offer the agent's keys. */
  identitiesOnly: boolean;
  /** `ProxyJump` hops, outermost first, each as typed (an alias or `user@host:port`). */
  proxyJump: string[];
  /** How to treat the host's key: OpenSSH's host-key directives for this host (absent: OpenSSH's defaults). */
  hostKeyPolicy?: HostKeyPolicy;
  /** `HostKeyAlgorithms` and `MACs` as written (`+ssh-rsa`, `-hmac-sha1`, a plain list), applied to longhaul's defaults. */
  algorithms?: AlgorithmDirectives;
}

/** OpenSSH's StrictHostKeyChecking (`off` is `no`). */
export type StrictHostKeyChecking = 'yes' | 'accept-new' | 'no' | 'ask';

export interface HostKeyPolicy {
  strict: StrictHostKeyChecking;
  /** `UserKnownHostsFile`, expanded; [] for `none`; absent when the config does not say. */
  userKnownHostsFiles?: string[];
  /** `GlobalKnownHostsFile`, expanded; [] for `none`; absent when the config does not say. */
  globalKnownHostsFiles?: string[];
}

export interface AlgorithmDirectives {
  hostKeyAlgorithms?: string;
  macs?: string;
}

export interface TargetDefaults {
  localUser: string;
  homeDir: string;
}

export function systemDefaults(): TargetDefaults {
  return { localUser: os.userInfo().username, homeDir: os.homedir() };
}

/** OpenSSH's default identity files, in the order `ssh` tries them. */
const DEFAULT_IDENTITY_NAMES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];

/** Read an ssh config file; a missing file is an empty config. */
export function parseSshConfig(text: string | undefined): SSHConfig {
  return SSHConfig.parse(text ?? '');
}

/** The Host aliases a config names explicitly (no wildcards), for the page's list. */
export function listHostAliases(config: SSHConfig): string[] {
  const aliases = new Set<string>();
  for (const line of config) {
    if (line.type !== SSHConfig.DIRECTIVE || !/^host$/i.test(line.param)) continue;
    const values = Array.isArray(line.value) ? line.value.map((v) => v.val) : String(line.value).split(/\s+/);
    for (const value of values) if (value && !/[*?!]/.test(value)) aliases.add(value);
  }
  return [...aliases];
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Resolve a typed target against the ssh config, as `ssh` would. */
export function resolveTarget(text: string, config: SSHConfig, defaults: TargetDefaults): SshTarget {
  const typed = parseTypedTarget(text);
  // `Match exec` would run a shell command chosen by the config; a web bridge does not do that.
  const computed = config.compute(typed.host, { ignoreCase: true, matchExec: false });
  const host = single(computed.hostname)?.replaceAll('%h', typed.host) ?? typed.host;
  const configPort = single(computed.port);
  const port = typed.port ?? (configPort ? Number(configPort) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TargetError(`The ssh config gives ${typed.host} an invalid Port (${configPort}).`);
  }
  const user = typed.user ?? single(computed.user) ?? defaults.localUser;
  const tokens: Record<string, string> = {
    '%%': '%',
    '%d': defaults.homeDir,
    '%h': host,
    '%n': typed.host,
    '%p': String(port),
    '%r': user,
    '%u': defaults.localUser,
  };
  const expand = (file: string) => expandPath(file.replace(/%[%dhnpru]/g, (t) => tokens[t] ?? t), defaults.homeDir);
  const configured = list(computed.identityfile).filter((f) => f.toLowerCase() !== 'none');
  const identityFiles = configured.length
    ? configured.map(expand)
    : DEFAULT_IDENTITY_NAMES.map((name) => path.join(defaults.homeDir, '.ssh', name));
  const jump = single(computed.proxyjump);
  const proxyJump = jump && jump.toLowerCase() !== 'none' ? jump.split(',').map((hop) => hop.trim()) : [];
  const hostKeyAlgorithms = single(computed.hostkeyalgorithms);
  const macs = single(computed.macs);
  return {
    label: text.trim(),
    host,
    port,
    user,
    identityFiles,
    identitiesOnly: single(computed.identitiesonly)?.toLowerCase() === 'yes',
    proxyJump,
    hostKeyPolicy: {
      strict: strictHostKeyChecking(single(computed.stricthostkeychecking), typed.host),
      ...knownHostsFiles('userKnownHostsFiles', computed.userknownhostsfile, expand),
      ...knownHostsFiles('globalKnownHostsFiles', computed.globalknownhostsfile, expand),
    },
    algorithms: { ...(hostKeyAlgorithms ? { hostKeyAlgorithms } : {}), ...(macs ? { macs } : {}) },
  };
}

function strictHostKeyChecking(value: string | undefined, alias: string): StrictHostKeyChecking {
  switch (value?.toLowerCase()) {
    case undefined:
    case 'ask':
      return 'ask';
    case 'yes':
      return 'yes';
    case 'accept-new':
      return 'accept-new';
    case 'no':
    case 'off':
      return 'no';
    default:
      throw new TargetError(`The ssh config gives ${alias} an invalid StrictHostKeyChecking (${value}); use yes, accept-new, no or ask.`);
  }
}

/** A known-hosts directive as a list of files: several files separated by spaces, `none` for none. */
function knownHostsFiles<K extends string>(
  key: K,
  value: string | string[] | undefined,
  expand: (file: string) => string,
): Partial<Record<K, string[]>> {
  if (value === undefined) return {};
  const files = (Array.isArray(value) ? value : value.split(/\s+/)).filter(Boolean);
  const expanded = files.length === 1 && files[0]!.toLowerCase() === 'none' ? [] : files.map(expand);
  return { [key]: expanded } as Partial<Record<K, string[]>>;
}

function expandPath(file: string, homeDir: string): string {
  if (file === '~') return homeDir;
  if (file.startsWith('~/')) return path.join(homeDir, file.slice(2));
  return path.isAbsolute(file) ? file : path.join(homeDir, '.ssh', file);
}
