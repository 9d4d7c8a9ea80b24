// Tells a write the host refused for want of room from its other refusals, and says so in words a person can act on.
import { posix } from 'node:path';
import type { SFTPWrapper } from 'ssh2';

/** SFTP status codes: FAILURE is all OpenSSH's sftp-server (SFTP version 3) says for a full disk; later versions name it. */
const FAILURE = 4;
const NO_SPACE_ON_FILESYSTEM = 14;
const QUOTA_EXCEEDED = 15;

export interface NoRoom {
  /** What the folder's file system had free for the user when asked (undefined when the host named the cause itself). */
  freeBytes?: number;
  quota: boolean;
}

/** A size as a person reads it. */
export function amount(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

/**
 * Whether the refusal `error` of a write of `pieceBytes` to `path` means there is no room left. A host that only says
 * "Failure" is asked how much its folder's file system has free (statvfs@openssh.com, as `df` would say); less than
 * the piece refused means full. Called before the part written is removed, which frees the room again.
 */
export async function refusedForRoom(sftp: SFTPWrapper, path: string, error: unknown, pieceBytes: number): Promise<NoRoom | undefined> {
  const code = (error as { code?: unknown }).code;
  if (code === NO_SPACE_ON_FILESYSTEM) return { quota: false };
  if (code === QUOTA_EXCEEDED) return { quota: true };
  if (code !== FAILURE) return undefined;
  const stats = await new Promise<{ f_bavail: number; f_frsize: number } | undefined>((resolve) => {
    try {
      // (A host without the extension, or a closed session, just leaves the cause unknown.)
      sftp.ext_openssh_statvfs(posix.dirname(path), (statvfsError, info: { f_bavail: number; f_frsize: number }) => resolve(statvfsError ? undefined : info));
    } catch {
      resolve(undefined);
    }
  });
  if (!stats) return undefined;
  const freeBytes = Number(stats.f_bavail) * Number(stats.f_frsize);
  return freeBytes < pieceBytes ? { freeBytes, quota: false } : undefined;
}

/** The sentence for an upload stopped for want of room, once the part written has been removed (or not). */
export function noRoomSentence(host: string, path: string, room: NoRoom, writtenBytes: number, partRemoved: boolean): string {
  const where = room.quota ? `${host} refused more of ${path}: your disk quota there was used up` : `${host} has no space left for ${path}: its disk was full`;
  const free = room.freeBytes === undefined ? '' : ` (${amount(room.freeBytes)} free)`;
  const part = partRemoved ? 'the part written was removed' : 'the part written could not be removed';
  return `${where} after ${amount(writtenBytes)}${free}, and ${part}. Make room there, or put the file somewhere else.`;
}
