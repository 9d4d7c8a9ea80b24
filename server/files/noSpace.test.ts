// A refused write is put down to a full disk only when the host says so, or its free space shows it.
import { describe, expect, it } from 'vitest';
import type { SFTPWrapper } from 'ssh2';
import { noRoomSentence, refusedForRoom } from './noSpace.js';

/** An SFTP session that answers statvfs with `free` bytes (in 4 KiB blocks), or refuses it; the folders asked about go in `asked`. */
function hostWithFree(free: number | Error, asked: string[] = []): SFTPWrapper {
  return {
    ext_openssh_statvfs(folder: string, done: (error: Error | undefined, info?: unknown) => void) {
      asked.push(folder);
      if (free instanceof Error) return done(free);
      done(undefined, { f_bavail: Math.floor(free / 4096), f_frsize: 4096 });
    },
  } as unknown as SFTPWrapper;
}
const refusal = (code: number) => Object.assign(new Error('Failure'), { code });

describe('a write refused for want of room', () => {
  it('is one when OpenSSH’s bare "Failure" comes with less free in the folder’s file system than the piece refused', async () => {
    const asked: string[] = [];
    expect(await refusedForRoom(hostWithFree(8192, asked), '/srv/data/big.bin', refusal(4), 32 * 1024)).toEqual({ freeBytes: 8192, quota: false });
    expect(asked).toEqual(['/srv/data']);
  });

  it('is not one when there is room for the piece, or the host cannot say, or it refused for another reason', async () => {
    expect(await refusedForRoom(hostWithFree(64 * 1024 * 1024), '/srv/big.bin', refusal(4), 32 * 1024)).toBeUndefined();
    expect(await refusedForRoom(hostWithFree(new Error('Server does not support this extended request')), '/srv/big.bin', refusal(4), 32 * 1024)).toBeUndefined();
    const asked: string[] = [];
    expect(await refusedForRoom(hostWithFree(0, asked), '/srv/big.bin', refusal(3), 32 * 1024)).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('is one, without asking, when the host names it (SFTP 5 and later: no space, quota)', async () => {
    expect(await refusedForRoom(hostWithFree(new Error('not asked')), '/x', refusal(14), 10)).toEqual({ quota: false });
    expect(await refusedForRoom(hostWithFree(new Error('not asked')), '/x', refusal(15), 10)).toEqual({ quota: true });
  });

  it('is told in a sentence that names the host, the file, how far it got and what to do', () => {
    expect(noRoomSentence('de1', '/x', { freeBytes: 0, quota: false }, 3 * 1024 * 1024, true)).toBe(
      'de1 has no space left for /x: its disk was full after 3.0 MiB (0 bytes free), and the part written was removed. Make room there, or put the file somewhere else.',
    );
    expect(noRoomSentence('de1', '/x', { quota: true }, 1536, false)).toBe(
      'de1 refused more of /x: your disk quota there was used up after 2 KiB, and the part written could not be removed. Make room there, or put the file somewhere else.',
    );
  });
});
