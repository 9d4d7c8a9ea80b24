// An in-process SSH host whose SFTP server is ours, for what OpenSSH will not do on demand: a disk that fills up, and showing the send window it sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { generateKeyPair } from './sshd.js';

/** SFTP version 3 (draft-ietf-secsh-filexfer-02), the one OpenSSH and ssh2 speak: the packets this host answers. */
const INIT = 1;
const OPEN = 3;
const CLOSE = 4;
const READ = 5;
const WRITE = 6;
const LSTAT = 7;
const FSTAT = 8;
const REMOVE = 13;
const REALPATH = 16;
const STAT = 17;
const EXTENDED = 200;
const VERSION = 2;
const STATUS = 101;
const HANDLE = 102;
const DATA = 103;
const NAME = 104;
const ATTRS = 105;
const EXTENDED_REPLY = 201;

const OK = 0;
const EOF = 1;
const NO_SUCH_FILE = 2;
const FAILURE = 4;
const OP_UNSUPPORTED = 8;

const BLOCK = 4096;

export interface FakeSftpHostOptions {
  /** Files the host has, by path, with their size (their bytes are zeros). */
  files?: Record<string, number>;
  /**
   * How many bytes its disk holds in all. A write beyond is refused as OpenSSH's sftp-server refuses one on a full
   * disk: status FAILURE, "Failure" (SFTP v3 has no word for "no space"); statvfs@openssh.com says how much is free.
   */
  diskBytes?: number;
}

export interface FakeSftpHost {
  readonly port: number;
  /** A known_hosts line trusting this host at 127.0.0.1:port. */
  readonly knownHostsLine: string;
  /** Requests that change or ask about the disk, in order, as `OPEN /x`, `REMOVE /x`, `STATVFS /tmp`, `CLOSE`. */
  readonly requests: string[];
  /** The SSH send window the host had on the SFTP channel at each READ it answered: what it could still send. */
  readonly windowsAtRead: number[];
  /** Sizes of the files it has now, by path. */
  readonly files: Map<string, number>;
  close(): Promise<void>;
}

/** Reads one SFTP request's fields, in order. */
class Fields {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}
  uint32(): number {
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }
  uint64(): number {
    const value = Number(this.bytes.readBigUInt64BE(this.at));
    this.at += 8;
    return value;
  }
  bytesField(): Buffer {
    const length = this.uint32();
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }
  string(): string {
    return this.bytesField().toString('utf8');
  }
}

function packet(type: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat([Buffer.from([type]), ...parts]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.byteLength);
  return Buffer.concat([length, body]);
}
const u32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
const u64 = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(value))));
  return bytes;
};
const str = (value: string | Buffer) => {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([u32(bytes.byteLength), bytes]);
};

/** A regular file's attributes: its size and mode 0644. */
const fileAttrs = (size: number) => Buffer.concat([u32(0x1 | 0x4), u64(size), u32(0o100644)]);

export async function startFakeSftpHost(options: FakeSftpHostOptions = {}): Promise<FakeSftpHost> {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-fake-sftp-'));
  const hostKey = generateKeyPair(keyDir, 'host');
  const files = new Map(Object.entries(options.files ?? {}));
  const requests: string[] = [];
  const windowsAtRead: number[] = [];
  const diskBytes = options.diskBytes ?? Number.MAX_SAFE_INTEGER;
  const used = () => [...files.values()].reduce((sum, size) => sum + size, 0);

  const server = new ssh2.Server({ hostKeys: [fs.readFileSync(hostKey.privateKeyPath)] }, (client) => {
    // Whoever asks is let in: this host tests files, not logins.
    client.on('authentication', (context) => context.accept());
    client.on('error', () => {});
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('subsystem', (accept, reject, { name }) => {
          if (name !== 'sftp') return reject();
          serveSftp(accept());
        });
      });
    });
  });

  function serveSftp(channel: ssh2.ServerChannel): void {
    const handles = new Map<string, string>();
    let nextHandle = 0;
    let pending: Buffer = Buffer.alloc(0);
    const send = (type: number, ...parts: Buffer[]) => channel.write(packet(type, ...parts));
    const status = (id: number, code: number, message: string) => send(STATUS, u32(id), u32(code), str(message), str(''));

    const answer = (type: number, fields: Fields) => {
      if (type === INIT) return send(VERSION, u32(3), str('statvfs@openssh.com'), str('2'));
      const id = fields.uint32();
      switch (type) {
        case OPEN: {
          const file = fields.string();
          const flags = fields.uint32();
          const writing = (flags & 0x2) !== 0;
          requests.push(`OPEN ${file}`);
          // (Flags: 0x02 WRITE, 0x10 TRUNC, 0x20 EXCL.)
          if (!writing && !files.has(file)) return status(id, NO_SUCH_FILE, 'No such file');
          if (writing && (flags & 0x20) !== 0 && files.has(file)) return status(id, FAILURE, 'Failure');
          if (writing && ((flags & 0x10) !== 0 || !files.has(file))) files.set(file, 0);
          const handle = String(nextHandle++);
          handles.set(handle, file);
          return send(HANDLE, u32(id), str(handle));
        }
        case CLOSE:
          requests.push('CLOSE');
          handles.delete(fields.string());
          return status(id, OK, 'Success');
        case READ: {
          windowsAtRead.push((channel as unknown as { outgoing: { window: number } }).outgoing.window);
          const file = handles.get(fields.string());
          const offset = fields.uint64();
          const length = fields.uint32();
          const size = file === undefined ? 0 : (files.get(file) ?? 0);
          if (offset >= size) return status(id, EOF, 'End of file');
          return send(DATA, u32(id), str(Buffer.alloc(Math.min(length, size - offset))));
        }
        case WRITE: {
          const file = handles.get(fields.string());
          const offset = fields.uint64();
          const data = fields.bytesField();
          if (file === undefined) return status(id, FAILURE, 'Failure');
          const size = files.get(file) ?? 0;
          const end = Math.max(size, offset + data.byteLength);
          if (used() - size + end > diskBytes) return status(id, FAILURE, 'Failure');
          files.set(file, end);
          return status(id, OK, 'Success');
        }
        case STAT:
        case LSTAT: {
          const file = fields.string();
          const size = files.get(file);
          return size === undefined ? status(id, NO_SUCH_FILE, 'No such file') : send(ATTRS, u32(id), fileAttrs(size));
        }
        case FSTAT: {
          const file = handles.get(fields.string());
          return send(ATTRS, u32(id), fileAttrs(file === undefined ? 0 : (files.get(file) ?? 0)));
        }
        case REMOVE: {
          const file = fields.string();
          requests.push(`REMOVE ${file}`);
          return files.delete(file) ? status(id, OK, 'Success') : status(id, NO_SUCH_FILE, 'No such file');
        }
        case REALPATH: {
          const file = path.posix.resolve('/', fields.string());
          return send(NAME, u32(id), u32(1), str(file), str(file), u32(0));
        }
        case EXTENDED: {
          const name = fields.string();
          if (name !== 'statvfs@openssh.com') return status(id, OP_UNSUPPORTED, 'Operation unsupported');
          requests.push(`STATVFS ${fields.string()}`);
          const blocks = Math.floor(Math.min(diskBytes, 2 ** 52) / BLOCK);
          const free = Math.floor((Math.min(diskBytes, 2 ** 52) - used()) / BLOCK);
          // bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag, namemax
          return send(EXTENDED_REPLY, u32(id), u64(BLOCK), u64(BLOCK), u64(blocks), u64(free), u64(free), u64(1e6), u64(1e6), u64(1e6), u64(1), u64(0), u64(255));
        }
        default:
          return status(id, OP_UNSUPPORTED, 'Operation unsupported');
      }
    };

    channel.on('data', (chunk: Buffer) => {
      pending = pending.byteLength ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.byteLength >= 4 && pending.byteLength >= 4 + pending.readUInt32BE(0)) {
        const length = pending.readUInt32BE(0);
        const body = pending.subarray(4, 4 + length);
        pending = pending.subarray(4 + length);
        answer(body[0]!, new Fields(body.subarray(1)));
      }
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const [type, key] = hostKey.publicKey.split(/\s+/);
  return {
    port,
    knownHostsLine: `[127.0.0.1]:${port} ${type} ${key}`,
    requests,
    windowsAtRead,
    files,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
