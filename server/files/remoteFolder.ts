// Folders on a host over SFTP: made (for an upload that recreates a tree) and listed (to complete a path being typed).
import path from 'node:path/posix';
import type { SFTPWrapper, Stats } from 'ssh2';
import { FileError } from './remoteFile.js';

/** SFTP status codes (draft-ietf-secsh-filexfer-02) a person can act on. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

/** The most names a listing answers with: enough to complete a name, bounded whatever the folder holds. */
export const LISTING_LIMIT = 200;

function call<T>(start: (done: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

function hostError(error: unknown, where: string, doing: string): FileError {
  const code = (error as { code?: unknown }).code;
  if (code === NO_SUCH_FILE) return new FileError(404, `There is no ${where} on the host (or a folder on its way is missing).`);
  if (code === PERMISSION_DENIED) return new FileError(403, `The host refused to ${doing} ${where}: permission denied.`);
  const message = (error as Error).message ?? String(error);
  return new FileError(502, `The host could not ${doing} ${where}: ${message.replace(/[.]$/, '')}.`);
}

/** What the host has at `where`: 'folder', 'other' (a file, a device…), or 'none'. */
async function kindAt(sftp: SFTPWrapper, where: string): Promise<'folder' | 'other' | 'none'> {
  try {
    const stats = await call<Stats>((done) => sftp.stat(where, done));
    return stats.isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if ((error as { code?: unknown }).code === NO_SUCH_FILE) return 'none';
    throw hostError(error, where, 'look at');
  }
}

/**
 * Makes the folder `where` (mode 0755, less the host's umask); its parent must be there. A folder already there is
 * fine (an upload adds to it, `created: false`); a file in its place is a 409.
 */
export async function makeFolder(sftp: SFTPWrapper, where: string): Promise<{ path: string; created: boolean }> {
  try {
    await call<undefined>((done) => sftp.mkdir(where, { mode: 0o755 }, (error) => done(error, undefined)));
    return { path: where, created: true };
  } catch (error) {
    // OpenSSH answers "failure" (not a distinct code) when the name is taken: what is there decides the answer.
    const there = await kindAt(sftp, where);
    if (there === 'folder') return { path: where, created: false };
    if (there === 'other') throw new FileError(409, `${where} exists on the host and is not a folder.`);
    throw hostError(error, where, 'make the folder');
  }
}

export interface Listing {
  path: string;
  /** Names in the folder starting with the prefix, sorted; a folder's (or a link to one) ends with `/`. */
  names: string[];
  /** True when more names matched than LISTING_LIMIT. */
  more: boolean;
}

/** The names in folder `where` that start with `prefix` (hidden ones only when the prefix starts with a dot, as shells complete). */
export async function listFolder(sftp: SFTPWrapper, where: string, prefix: string, limit = LISTING_LIMIT): Promise<Listing> {
  let entries: Array<{ filename: string; attrs: Stats }>;
  try {
    entries = (await call((done) => sftp.readdir(where, done))) as Array<{ filename: string; attrs: Stats }>;
  } catch (error) {
    // OpenSSH answers "no such file" for a file that is there but is not a folder: what is there decides the answer.
    if ((error as { code?: unknown }).code !== PERMISSION_DENIED && (await kindAt(sftp, where)) === 'other') throw new FileError(409, `${where} on the host is a file, not a folder.`);
    throw hostError(error, where, 'list');
  }
  const matching = entries
    .filter(({ filename }) => filename !== '.' && filename !== '..' && filename.startsWith(prefix) && (prefix.startsWith('.') || !filename.startsWith('.')))
    .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  const shown = matching.slice(0, limit);
  const names = await Promise.all(
    shown.map(async ({ filename, attrs }) => {
      // readdir describes a link itself; whether it leads to a folder takes one more look.
      const folder = attrs.isDirectory() || (attrs.isSymbolicLink() && (await kindAt(sftp, path.join(where, filename)).catch(() => 'none')) === 'folder');
      return folder ? `${filename}/` : filename;
    }),
  );
  return { path: where, names, more: matching.length > limit };
}
