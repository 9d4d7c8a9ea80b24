// Files on a host over SFTP: written and read with many requests in flight, since over a far link a transfer's speed is decided by how many are.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SFTPWrapper, Stats } from 'ssh2';
import { noRoomSentence, refusedForRoom } from './noSpace.js';

/** Bytes per SFTP request, as OpenSSH's sftp and scp use. */
export const SFTP_CHUNK_BYTES = 32 * 1024;
/** Requests outstanding at once, as OpenSSH's sftp keeps (at 250 ms: 64 × 32 KiB per round trip, 8 MiB/s). */
export const SFTP_REQUESTS_IN_FLIGHT = 64;

/** A transfer refused or failed, with the HTTP status that says which and a sentence a person can act on. */
export class FileError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 502 | 507,
    message: string,
  ) {
    super(message);
  }
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02): the ones a person can act on. */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;

function hostError(error: unknown, path: string, doing: string): FileError {
  const code = (error as { code?: unknown }).code;
  if (code === NO_SUCH_FILE) return new FileError(404, `There is no ${path} on the host (or a folder on its way is missing).`);
  if (code === PERMISSION_DENIED) return new FileError(403, `The host refused to ${doing} ${path}: permission denied.`);
  const message = (error as Error).message ?? String(error);
  return new FileError(502, `The host could not ${doing} ${path}: ${message.replace(/[.]$/, '')}.`);
}

function call<T>(start: (done: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

export interface Uploaded {
  path: string;
  bytes: number;
  sha256: string;
}

/** An SFTP request that failed because its connection went (ssh2 answers every pending request so), not the host's answer. */
function isConnectionLoss(error: Error): boolean {
  return typeof (error as { code?: unknown }).code !== 'number' && /no response from server|not writable|not connected|closed/i.test(error.message);
}

/** How many times a transfer gets its connection back after losing it, before it gives up. */
export const TRANSFER_RECONNECTS = 3;

export interface UploadOptions {
  overwrite: boolean;
  /**
   * A new SFTP session, once the one in use went with its connection (a cut, a reset): the upload carries on from
   * what the host confirmed, and sends again what it had not. Without it, a lost connection fails the upload.
   */
  reconnect?: () => Promise<SFTPWrapper>;
  /** How sentences name the host (`de1`). */
  host?: string;
}

/**
 * Writes `source` to `path` on the host (mode 0644), never over an existing file unless `overwrite`. The source is
 * paused while SFTP_REQUESTS_IN_FLIGHT writes are outstanding, so memory stays bounded whatever the size; those
 * writes are kept until the host confirms them, so a connection lost on the way costs no byte. A failed or cut-off
 * upload removes the part written; one refused for want of room says so (507).
 */
export async function uploadFile(first: SFTPWrapper, path: string, source: Readable, { overwrite, reconnect, host = 'The host' }: UploadOptions): Promise<Uploaded> {
  let sftp = first;
  if (!overwrite) {
    const exists = await call((done) => sftp.stat(path, done)).then(
      () => true,
      (error: unknown) => {
        if ((error as { code?: unknown }).code === NO_SUCH_FILE) return false;
        throw hostError(error, path, 'look at');
      },
    );
    if (exists) throw new FileError(409, `${path} exists on the host; add overwrite=1 to replace it.`);
  }
  let handle: Buffer;
  try {
    handle = await call((done) => sftp.open(path, overwrite ? 'w' : 'wx', { mode: 0o644 }, done));
  } catch (error) {
    throw hostError(error, path, 'write');
  }
  const hash = createHash('sha256');
  /** Writes sent and not yet confirmed, by offset: sent again on a new connection if this one goes. */
  const unconfirmed = new Map<number, Buffer>();
  /** Sessions made here after a loss (ended here; the first is the caller's). */
  const made: SFTPWrapper[] = [];
  let position = 0;
  let inFlight = 0;
  /** Bumped when the connection is replaced: answers from the old one are ignored. */
  let generation = 0;
  let lost = false;
  let resuming = false;
  let reconnects = 0;
  let failed: FileError | undefined;
  /** The connection went for good: the host cannot be asked anything more (not to close, not to remove). */
  let connectionGone = false;
  /** The host's first refusal of a write, and where that write began. */
  let refused: { error: Error; offset: number; bytes: number } | undefined;
  const watchLoss = (session: SFTPWrapper) => session.once('close', () => session === sftp && (lost = true));
  watchLoss(sftp);
  await new Promise<void>((resolve) => {
    let ended = false;
    const settle = () => {
      if ((ended || failed) && inFlight === 0 && !resuming) resolve();
    };
    const write = (piece: Buffer, offset: number) => {
      unconfirmed.set(offset, piece);
      inFlight++;
      const mine = generation;
      const answered = (error: Error | null | undefined) => {
        if (mine !== generation) return;
        inFlight--;
        const gone = error && (lost || isConnectionLoss(error));
        if (!error) unconfirmed.delete(offset);
        else if (gone && reconnect && reconnects < TRANSFER_RECONNECTS) return void resume();
        else if (gone) {
          connectionGone = true;
          failed ??= new FileError(502, `The connection to the host went while ${path} was being written, and did not come back; the part written is left there.`);
        } else {
          if (!refused || offset < refused.offset) refused = { error, offset, bytes: piece.byteLength };
          failed ??= hostError(error, path, 'write');
        }
        if (inFlight < SFTP_REQUESTS_IN_FLIGHT && !failed) source.resume();
        settle();
      };
      try {
        sftp.write(handle, piece, 0, piece.byteLength, offset, answered);
      } catch (error) {
        // (A session whose channel has closed refuses at once.)
        queueMicrotask(() => answered(error as Error));
      }
    };
    /** A new connection, the file opened again (not emptied), and every unconfirmed write sent again. */
    const resume = () => {
      if (resuming) return;
      resuming = true;
      generation++;
      inFlight = 0;
      reconnects++;
      source.pause();
      void (async () => {
        try {
          const next = await reconnect!();
          made.push(next);
          sftp = next;
          lost = false;
          watchLoss(next);
          handle = await call((done) => next.open(path, 'r+', done));
          resuming = false;
          for (const [offset, piece] of [...unconfirmed].sort(([a], [b]) => a - b)) write(piece, offset);
          if (inFlight < SFTP_REQUESTS_IN_FLIGHT) source.resume();
        } catch (error) {
          resuming = false;
          connectionGone = true;
          failed ??= new FileError(502, `The connection to the host went while ${path} was being written, and could not be made again (the part written is left there): ${(error as Error).message}`);
        }
        settle();
      })();
    };
    source.on('data', (chunk: Buffer) => {
      if (failed) return;
      hash.update(chunk);
      for (let at = 0; at < chunk.byteLength; at += SFTP_CHUNK_BYTES) {
        const piece = chunk.subarray(at, at + SFTP_CHUNK_BYTES);
        const offset = position;
        position += piece.byteLength;
        if (resuming) unconfirmed.set(offset, piece);
        else write(piece, offset);
      }
      if (inFlight >= SFTP_REQUESTS_IN_FLIGHT || resuming) source.pause();
    });
    source.once('end', () => {
      ended = true;
      settle();
    });
    // The sender went before the end: what arrived is not the file.
    const cut = () => {
      if (ended) return;
      failed ??= new FileError(400, `The upload of ${path} was cut off before its end; nothing was kept.`);
      settle();
    };
    source.once('error', cut);
    source.once('close', cut);
  });
  // A session whose connection went answers nothing more (ssh2 never calls back): it is not asked.
  const answering = !lost && !connectionGone;
  // Asked while the part written is still there: removing it frees the room again.
  const room = answering && refused ? await refusedForRoom(sftp, path, refused.error, refused.bytes) : undefined;
  if (answering) {
    await call<void>((done) => sftp.close(handle, (error) => done(error, undefined))).catch((error: unknown) => {
      failed ??= hostError(error, path, 'write');
    });
  }
  try {
    if (failed) {
      // The part written is removed, if the host can still be asked to.
      const removed = answering && (await call<void>((done) => sftp.unlink(path, (error) => done(error, undefined))).then(() => true, () => false));
      if (room && refused) throw new FileError(507, noRoomSentence(host, path, room, refused.offset, removed));
      throw failed;
    }
    return { path, bytes: position, sha256: hash.digest('hex') };
  } finally {
    for (const session of made) session.end();
  }
}

export interface Download {
  kind: 'file';
  size: number;
  /** The file's bytes, read ahead SFTP_REQUESTS_IN_FLIGHT requests at most and no further than its reader takes them. */
  stream: Readable;
}

export interface DownloadOptions {
  /**
   * A new SFTP session, once the one in use went with its connection (a cut, a reset): the download carries on from
   * the bytes already passed on, so its reader sees one unbroken stream. Without it, a lost connection fails it.
   */
  reconnect?: () => Promise<SFTPWrapper>;
}

/** Opens `path` on the host for reading; a folder is only said to be one (it comes as a tar, made on the host). */
export async function openDownload(sftp: SFTPWrapper, path: string, { reconnect }: DownloadOptions = {}): Promise<Download | { kind: 'folder' }> {
  let stats: Stats;
  try {
    stats = await call<Stats>((done) => sftp.stat(path, done));
    if (stats.isDirectory()) return { kind: 'folder' };
  } catch (error) {
    throw error instanceof FileError ? error : hostError(error, path, 'read');
  }
  let handle: Buffer;
  try {
    handle = await call((done) => sftp.open(path, 'r', done));
  } catch (error) {
    throw hostError(error, path, 'read');
  }
  return { kind: 'file', size: stats.size, stream: orderedReads(sftp, handle, path, stats, reconnect) };
}

/**
 * Reads a file of `stats.size` bytes from an open handle with many requests in flight, passing them on in order.
 * When its connection goes, `reconnect` gives a new session and reading starts again where the bytes passed on end
 * (reads that had arrived past that point are asked for again: at most a window's worth).
 */
function orderedReads(first: SFTPWrapper, firstHandle: Buffer, path: string, stats: Stats, reconnect: DownloadOptions['reconnect']): Readable {
  let sftp = first;
  let handle = firstHandle;
  let size = stats.size;
  /** Pieces read but not yet passed on, by their offset. */
  const arrived = new Map<number, Buffer>();
  /** Sessions made here after a loss (ended here; the first is the caller's). */
  const made: SFTPWrapper[] = [];
  let nextRead = 0;
  let nextOut = 0;
  let inFlight = 0;
  let wanted = true;
  let closed = false;
  /** Bumped when the connection is replaced: answers from the old one are ignored. */
  let generation = 0;
  let resuming = false;
  let reconnects = 0;
  /** The session in use has closed: it would answer nothing more (ssh2 never calls back on a closed one). */
  let sessionGone = false;

  const watchLoss = (session: SFTPWrapper) =>
    session.once('close', () => {
      if (session !== sftp) return;
      sessionGone = true;
      // (With nothing in flight, no failed read would say so.)
      if (!closed && nextOut < size) resume();
    });

  const resume = () => {
    if (resuming || closed) return;
    if (!reconnect || reconnects >= TRANSFER_RECONNECTS) {
      return void stream.destroy(new FileError(502, `The connection to the host went while ${path} was being read, and did not come back.`));
    }
    resuming = true;
    generation++;
    reconnects++;
    inFlight = 0;
    arrived.clear();
    nextRead = nextOut;
    void (async () => {
      try {
        const next = await reconnect();
        if (closed) return void next.end();
        made.push(next);
        sftp = next;
        sessionGone = false;
        watchLoss(next);
        handle = await call((done) => next.open(path, 'r', done));
        const now = await call<Stats>((done) => next.fstat(handle, done));
        // Bytes from two versions of a file would make one that never was.
        if (now.size !== stats.size || now.mtime !== stats.mtime) {
          throw new FileError(409, `${path} changed on the host while it was being read, after its connection was cut; download it again.`);
        }
        resuming = false;
        pump();
      } catch (error) {
        resuming = false;
        stream.destroy(
          error instanceof FileError ? error : new FileError(502, `The connection to the host went while ${path} was being read, and could not be made again: ${(error as Error).message}`),
        );
      }
    })();
  };

  const readPiece = (offset: number, length: number) => {
    inFlight++;
    const mine = generation;
    const answered = (error: Error | null | undefined, bytesRead = 0, buffer?: Buffer) => {
      if (mine !== generation || closed) return;
      inFlight--;
      if (error && (sessionGone || isConnectionLoss(error))) {
        sessionGone = true;
        return resume();
      }
      if (error || bytesRead === 0) {
        // The file got shorter while it was read: what is there is sent, and the download ends short.
        if (error && (error as { code?: unknown }).code !== 1) return void stream.destroy(hostError(error, path, 'read'));
        size = Math.min(size, offset);
      } else {
        arrived.set(offset, buffer!.subarray(0, bytesRead));
        // A short read: the rest of the piece is asked for on its own.
        if (bytesRead < length) readPiece(offset + bytesRead, length - bytesRead);
      }
      pump();
    };
    try {
      sftp.read(handle, Buffer.alloc(length), 0, length, offset, answered);
    } catch (error) {
      // (A session whose channel has closed refuses at once.)
      queueMicrotask(() => answered(error as Error));
    }
  };
  const pump = () => {
    for (let piece = arrived.get(nextOut); piece !== undefined; piece = arrived.get(nextOut)) {
      arrived.delete(nextOut);
      nextOut += piece.byteLength;
      wanted = stream.push(piece);
    }
    if (nextOut >= size && inFlight === 0) return void stream.push(null);
    while (!resuming && wanted && inFlight < SFTP_REQUESTS_IN_FLIGHT && nextRead < size) {
      const length = Math.min(SFTP_CHUNK_BYTES, size - nextRead);
      readPiece(nextRead, length);
      nextRead += length;
    }
  };
  const stream = new Readable({
    // Room for every request in flight: a full window is passed on at once, not one piece per read() call.
    highWaterMark: SFTP_REQUESTS_IN_FLIGHT * SFTP_CHUNK_BYTES,
    read() {
      wanted = true;
      pump();
    },
    destroy(error, done) {
      closed = true;
      const finish = () => {
        for (const session of made) session.end();
        done(error);
      };
      if (resuming || sessionGone) return finish();
      sftp.close(handle, finish);
    },
  });
  watchLoss(first);
  return stream;
}
