// Reads OpenSSH known_hosts files (plain, `[host]:port`, hashed `|1|…`, wildcards, markers) and appends to longhaul's own.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HostKeyPolicy } from './target.js';

export interface KnownHostEntry {
  marker?: 'cert-authority' | 'revoked';
  /** The host field as written (patterns or a hashed name). */
  hosts: string;
  keyType: string;
  keyBlob: Buffer;
  file: string;
  /** 1-based line number, for messages that tell the user what to remove. */
  line: number;
}

/** How known_hosts names a host: bare for port 22, `[host]:port` otherwise. */
export function hostId(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key || !/^[A-Za-z0-9+/]+=*$/.test(key)) continue; // not a key line: skip, as ssh does
    entries.push({ marker, hosts, keyType, keyBlob: Buffer.from(key, 'base64'), file, line: i + 1 });
  }
  return entries;
}

/** Does an entry's host field name `id` (as produced by hostId)? */
export function entryMatches(entry: KnownHostEntry, id: string): boolean {
  if (entry.hosts.startsWith('|1|')) {
    const [, , salt, hash] = entry.hosts.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(id).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (globMatches(negated ? pattern.slice(1) : pattern, id)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function globMatches(pattern: string, text: string): boolean {
  const re = new RegExp(
    `^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`,
    'i',
  );
  return re.test(text);
}

/** OpenSSH's GlobalKnownHostsFile default: the system's list, read only. */
export const DEFAULT_GLOBAL_KNOWN_HOSTS = ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

export interface KnownHostsOptions {
  /** The user file came from --known-hosts: it replaces any UserKnownHostsFile, as `ssh -o` beats the config. */
  userFileFromCommandLine?: boolean;
  /** Read when the config names no GlobalKnownHostsFile (default DEFAULT_GLOBAL_KNOWN_HOSTS). */
  globalFiles?: string[];
}

/** Where a host's keys are looked up, and in which order: the user's files, the system's, then longhaul's own. */
export function knownHostsFiles(
  policy: Pick<HostKeyPolicy, 'userKnownHostsFiles' | 'globalKnownHostsFiles'> | undefined,
  files: { userFile: string | undefined; userFileFromCommandLine: boolean; globalFiles: string[]; ownFile: string },
): string[] {
  const fallbackUser = files.userFile === undefined ? [] : [files.userFile];
  const user = files.userFileFromCommandLine ? fallbackUser : (policy?.userKnownHostsFiles ?? fallbackUser);
  const global = policy?.globalKnownHostsFiles ?? files.globalFiles;
  return [...new Set([...user, ...global, files.ownFile])];
}

/** The known_hosts files longhaul consults: the user's and the system's (read only) and its own (where it learns keys). */
export class KnownHosts {
  constructor(
    private readonly userFile: string | undefined,
    readonly ownFile: string,
    private readonly options: KnownHostsOptions = {},
  ) {}

  /** The files read for a host with this policy, in order. */
  filesFor(policy?: HostKeyPolicy): string[] {
    return knownHostsFiles(policy, {
      userFile: this.userFile,
      userFileFromCommandLine: this.options.userFileFromCommandLine ?? false,
      globalFiles: this.options.globalFiles ?? DEFAULT_GLOBAL_KNOWN_HOSTS,
      ownFile: this.ownFile,
    });
  }

  /** Every entry naming this host, read fresh so edits (ssh-keygen -R) apply at once. */
  entriesFor(host: string, port: number, policy?: HostKeyPolicy): KnownHostEntry[] {
    const id = hostId(host, port);
    return this.filesFor(policy)
      .flatMap((file) => parseKnownHosts(readIfPresent(file), file))
      .filter((entry) => entryMatches(entry, id));
  }

  /** Remember a key the user chose to trust. Only longhaul's own file is ever written. */
  trust(host: string, port: number, keyType: string, keyBlob: Buffer): void {
    fs.mkdirSync(path.dirname(this.ownFile), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.ownFile, `${hostId(host, port)} ${keyType} ${keyBlob.toString('base64')}\n`, {
      mode: 0o600,
    });
  }
}

function readIfPresent(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
