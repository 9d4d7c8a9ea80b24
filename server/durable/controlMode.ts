// Speaks tmux control mode (`tmux -C`): turns the bytes a control client reads into events, and quotes commands to send.

/**
 * A line longer than this is not kept: it is dropped up to its newline and reported as malformed. tmux writes a
 * pane's output in reads of a few KiB (each byte at most four once escaped), so real lines stay far below it.
 */
export const MAX_LINE_BYTES = 1024 * 1024;
/** A command's reply keeps at most this much; the rest is dropped and the reply marked truncated. */
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** What a control client is told, one line (or one %begin…%end block) at a time. */
export type ControlEvent =
  /**
   * The reply to one command, in the order commands were run: its lines (raw bytes), whether it failed, and whether
   * the command came from this client (`fromClient`) rather than from tmux's own command line.
   */
  | { kind: 'reply'; ok: boolean; fromClient: boolean; lines: Buffer[]; truncated: boolean }
  /** Output of a pane (`%output`, or `%extended-output` once pause-after is on), unescaped to its raw bytes. */
  | { kind: 'output'; paneId: string; bytes: Buffer }
  /** tmux stopped sending a pane's output (pause-after), or started again. */
  | { kind: 'pause' | 'continue'; paneId: string }
  /** The control client is leaving: its session ended, it was detached, or it fell too far behind. */
  | { kind: 'exit'; reason: string }
  /** Any other notification (`%window-add`, `%session-changed`, …), which a single-pane client may ignore. */
  | { kind: 'notification'; name: string; args: string }
  /** A line that is not control mode (too long, or outside any block and not a notification). */
  | { kind: 'malformed'; line: string };

interface OpenBlock {
  guard: string;
  lines: Buffer[];
  bytes: number;
  truncated: boolean;
}

/** Undo tmux's escaping of output: `\ooo` (three octal digits) is one byte; every other byte stands for itself. */
export function unescapeOutput(escaped: Buffer): Buffer {
  if (!escaped.includes(0x5c)) return Buffer.from(escaped);
  const out = Buffer.allocUnsafe(escaped.length);
  let n = 0;
  for (let i = 0; i < escaped.length; i++) {
    const byte = escaped[i]!;
    if (byte === 0x5c && i + 3 < escaped.length && isOctal(escaped[i + 1]) && isOctal(escaped[i + 2]) && isOctal(escaped[i + 3])) {
      out[n++] = (((escaped[i + 1]! - 0x30) << 6) | ((escaped[i + 2]! - 0x30) << 3) | (escaped[i + 3]! - 0x30)) & 0xff;
      i += 3;
    } else {
      out[n++] = byte;
    }
  }
  return out.subarray(0, n);
}

function isOctal(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37;
}

/** A short printable excerpt of a line, for reports about lines that are not control mode. */
function excerpt(line: Buffer): string {
  return line.subarray(0, 120).toString('latin1').replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Reads a control client's output as it arrives, in pieces of any size (a line, or a UTF-8 character inside
 * `%output`, may be split between reads: output is handled as bytes, so it comes out whole). Never throws on
 * input: whatever is not control mode becomes a `malformed` event.
 */
export class ControlModeParser {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Dropping an overlong line up to its newline. */
  private skipping = false;
  private block: OpenBlock | undefined;

  constructor(private readonly emit: (event: ControlEvent) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline < 0) {
        this.keep(chunk.subarray(start));
        return;
      }
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      if (this.skipping) {
        this.skipping = false;
        this.pending = [];
        this.pendingBytes = 0;
        continue;
      }
      if (this.pendingBytes + piece.length > MAX_LINE_BYTES) {
        this.emit({ kind: 'malformed', line: `a line of more than ${MAX_LINE_BYTES} bytes was dropped` });
        this.pending = [];
        this.pendingBytes = 0;
        continue;
      }
      const line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      this.line(line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line);
    }
  }

  private keep(rest: Buffer): void {
    if (this.skipping) return;
    if (this.pendingBytes + rest.length > MAX_LINE_BYTES) {
      this.emit({ kind: 'malformed', line: `a line of more than ${MAX_LINE_BYTES} bytes was dropped` });
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      return;
    }
    // Copied: the caller's buffer may be reused.
    this.pending.push(Buffer.from(rest));
    this.pendingBytes += rest.length;
  }

  private line(line: Buffer): void {
    const block = this.block;
    if (block) {
      if (line[0] === 0x25 /* % */) {
        const text = line.toString('latin1');
        const end = /^%(end|error) (.*)$/.exec(text);
        if (end && end[2] === block.guard) {
          this.block = undefined;
          // The guard is "time number flags"; flag 1 marks a command this client sent.
          const flags = Number(block.guard.split(' ')[2] ?? 0);
          this.emit({ kind: 'reply', ok: end[1] === 'end', fromClient: (flags & 1) === 1, lines: block.lines, truncated: block.truncated });
          return;
        }
      }
      if (block.bytes + line.length > MAX_REPLY_BYTES) {
        block.truncated = true;
        return;
      }
      block.lines.push(Buffer.from(line));
      block.bytes += line.length;
      return;
    }
    if (line[0] !== 0x25) {
      if (line.length > 0) this.emit({ kind: 'malformed', line: excerpt(line) });
      return;
    }
    const space = line.indexOf(0x20);
    const name = line.subarray(1, space < 0 ? line.length : space).toString('latin1');
    const rest = space < 0 ? Buffer.alloc(0) : line.subarray(space + 1);
    switch (name) {
      case 'begin':
        this.block = { guard: rest.toString('latin1'), lines: [], bytes: 0, truncated: false };
        return;
      case 'output': {
        const gap = rest.indexOf(0x20);
        if (rest[0] !== 0x25 || gap < 0) return this.emit({ kind: 'malformed', line: excerpt(line) });
        this.emit({ kind: 'output', paneId: rest.subarray(0, gap).toString('latin1'), bytes: unescapeOutput(rest.subarray(gap + 1)) });
        return;
      }
      case 'extended-output': {
        // %extended-output %pane age … : data — the data follows the first " : ".
        const gap = rest.indexOf(0x20);
        const colon = rest.indexOf(' : ');
        if (rest[0] !== 0x25 || gap < 0 || colon < 0) return this.emit({ kind: 'malformed', line: excerpt(line) });
        this.emit({ kind: 'output', paneId: rest.subarray(0, gap).toString('latin1'), bytes: unescapeOutput(rest.subarray(colon + 3)) });
        return;
      }
      case 'pause':
      case 'continue': {
        const paneId = rest.toString('latin1').trim();
        if (!/^%\d+$/.test(paneId)) return this.emit({ kind: 'malformed', line: excerpt(line) });
        this.emit({ kind: name, paneId });
        return;
      }
      case 'exit':
        this.emit({ kind: 'exit', reason: rest.toString('utf8') });
        return;
      case 'end':
      case 'error':
        // A block's end with no block open.
        this.emit({ kind: 'malformed', line: excerpt(line) });
        return;
      default:
        if (!/^[a-z-]+$/.test(name)) return this.emit({ kind: 'malformed', line: excerpt(line) });
        this.emit({ kind: 'notification', name, args: rest.toString('utf8') });
    }
  }
}

/** Thrown for an argument tmux's command language cannot carry on one line. */
export class UnquotableArgument extends Error {}

/**
 * One argument in tmux's command language: bare when it is plainly safe, else in single quotes (inside which tmux
 * expands nothing: no `$`, `~`, `;` or `#{`), with a single quote itself written `'\''`, as in sh. A control
 * character would end or corrupt the command line, so it is refused (bytes for a pane go through `sendKeysHex`).
 */
export function quoteArgument(argument: string): string {
  if (/[\x00-\x1f\x7f]/.test(argument)) throw new UnquotableArgument('a tmux argument cannot hold control characters');
  if (/^[A-Za-z0-9_%@:.,=/+-]+$/.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** A command line for tmux: each argument quoted, ended by a newline. */
export function commandLine(...words: string[]): string {
  return `${words.map(quoteArgument).join(' ')}\n`;
}

/** Bytes per `send-keys -H` command: each takes three characters of command line. */
export const SEND_KEYS_CHUNK_BYTES = 512;

/**
 * Command lines that type these exact bytes into a pane (`send-keys -H`, each byte in hex: nothing is read as a
 * key name, so any byte, a partial UTF-8 character included, goes as it is).
 */
export function sendKeysHex(paneId: string, bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += SEND_KEYS_CHUNK_BYTES) {
    const hex: string[] = [];
    for (const byte of bytes.subarray(start, start + SEND_KEYS_CHUNK_BYTES)) hex.push(byte.toString(16).padStart(2, '0'));
    lines.push(commandLine('send-keys', '-H', '-t', paneId, ...hex));
  }
  return lines;
}
