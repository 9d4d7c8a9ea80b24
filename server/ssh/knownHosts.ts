// Reads OpenSSH known_hosts files (plain, `[host]:port`, hashed `|1|…`, wildcards, markers) and appends to longhaul's own.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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

/** The known_hosts files longhaul consults: the user's (read only) and its own (where it learns keys). */
export class KnownHosts {
  constructor(
    private readonly userFile: string | undefined,
    readonly ownFile: string,
  ) {}

  /** Every entry naming this host, read fresh so edits (ssh-keygen -R) apply at once. */
  entriesFor(host: string, port: number): KnownHostEntry[] {
    const id = hostId(host, port);
    return [this.userFile, this.ownFile]
      .filter((file): file is string => file !== undefined)
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
