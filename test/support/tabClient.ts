// A headless tab for tests and benchmarks: speaks the page's protocol over a real WebSocket and acknowledges output like the page.
import { StringDecoder } from 'node:string_decoder';
import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage, type ServerMessageOf } from '../../shared/protocol.js';
import { parseServerMessage } from '../../shared/validate.js';

/** Longest match a regex given to `waitForOutput` may have (the patterns are markers, far shorter). */
const REGEX_MATCH_MAX_CHARS = 4096;

export interface TabClientOptions {
  token?: string;
  origin?: string;
  /** Acknowledge output as it arrives (the page acknowledges after drawing). Default true. */
  autoAck?: boolean;
}

export class TabClient {
  readonly messages: ServerMessage[] = [];
  private readonly chunks: Buffer[] = [];
  // The output decoded as it arrives, in pieces joined only when all of it is asked for: decoding, joining or
  // searching all of it on every message made a few MiB take seconds.
  private decoded: string[] = [];
  private decodedChars = 0;
  private decoder = new StringDecoder('utf8');
  /** Counts replays, each of which starts the output afresh. */
  private replays = 0;
  private outputBytes = 0;
  private inputOffset = 0;
  private waiters = new Set<() => void>();
  autoAck: boolean;

  private constructor(readonly socket: WebSocket, options: TabClientOptions) {
    this.autoAck = options.autoAck ?? true;
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        const decoded = decodeFrame(new Uint8Array(data as Buffer));
        if (!decoded.ok) throw new Error(decoded.error);
        const { offset, payload } = decoded.frame;
        if (offset !== this.outputBytes) throw new Error(`output offset ${offset}, expected ${this.outputBytes}`);
        const chunk = Buffer.from(payload);
        this.chunks.push(chunk);
        const piece = this.decoder.write(chunk);
        this.decoded.push(piece);
        this.decodedChars += piece.length;
        this.outputBytes += payload.byteLength;
        if (this.autoAck) this.send({ type: 'ack', offset: this.outputBytes });
      } else {
        const parsed = parseServerMessage(data.toString());
        if (!parsed.ok) throw new Error(`bridge sent an invalid message: ${parsed.error}`);
        this.messages.push(parsed.message);
        if (parsed.message.type === 'attached') {
          // Output continues from the announced offset; a replay starts the screen afresh.
          if (parsed.message.replay) {
            this.chunks.length = 0;
            this.decoded = [];
            this.decodedChars = 0;
            this.decoder = new StringDecoder('utf8');
            this.replays++;
          }
          this.outputBytes = parsed.message.offset;
          this.inputOffset = parsed.message.inputOffset;
        }
      }
      for (const wake of this.waiters) wake();
    });
    socket.on('close', () => {
      for (const wake of this.waiters) wake();
    });
  }

  /** Open a WebSocket to the bridge and say hello. */
  static async connect(wsUrl: string, options: TabClientOptions = {}): Promise<TabClient> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.origin) headers.origin = options.origin;
    const socket = new WebSocket(wsUrl, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const client = new TabClient(socket, options);
    client.send({ type: 'hello', version: PROTOCOL_VERSION });
    await client.next('welcome');
    return client;
  }

  send(message: ClientMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Uint8Array): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  /** Type keystrokes (numbered like the page does). */
  type(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.socket.send(encodeFrame(FrameType.Input, this.inputOffset, bytes), { binary: true });
    this.inputOffset += bytes.byteLength;
  }

  /** Where the next typed byte goes in the input stream (bytes typed so far, or where an attach said to go on). */
  get inputOffsetSent(): number {
    return this.inputOffset;
  }

  /** The raw output bytes this client received. */
  outputBytesReceived(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /**
   * The last `maxBytes` bytes received (fewer at the start), without joining everything: for waiting on a marker
   * at the end of a transfer too big to concatenate on every message.
   */
  outputTail(maxBytes: number): Buffer {
    const parts: Buffer[] = [];
    let bytes = 0;
    for (let i = this.chunks.length - 1; i >= 0 && bytes < maxBytes; i--) {
      parts.unshift(this.chunks[i]!);
      bytes += this.chunks[i]!.byteLength;
    }
    const joined = Buffer.concat(parts);
    return joined.subarray(Math.max(0, joined.byteLength - maxBytes));
  }

  get output(): string {
    if (this.decoded.length > 1) this.decoded = [this.decoded.join('')];
    return this.decoded[0] ?? '';
  }

  /** The last `count` characters of the output (all of it if shorter), joining only the pieces they are in. */
  private lastChars(count: number): string {
    const parts: string[] = [];
    let have = 0;
    for (let i = this.decoded.length - 1; i >= 0 && have < count; i--) {
      const piece = this.decoded[i]!;
      const take = Math.min(piece.length, count - have);
      parts.push(take === piece.length ? piece : piece.slice(piece.length - take));
      have += take;
    }
    return parts.reverse().join('');
  }

  /** The output offset this client has received up to (what it would resume from). */
  get outputLength(): number {
    return this.outputBytes;
  }

  get isClosed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }

  /** Wait until `check` returns a value (not undefined/false), re-checking on every message. */
  async until<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false) return first;
    return new Promise<T>((resolve, reject) => {
      const attempt = (): T | undefined | false => {
        try {
          return check();
        } catch (error) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          reject(error as Error);
          return undefined;
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        const tail = this.output.slice(-400);
        reject(new Error(`timed out waiting for ${what}; last messages ${JSON.stringify(this.messages.slice(-3))}; output tail ${JSON.stringify(tail)}`));
      }, timeoutMs);
      const wake = () => {
        const value = attempt();
        if (value !== undefined && value !== false) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve(value);
        }
      };
      this.waiters.add(wake);
    });
  }

  /** The first message of this type not yet taken by next(). */
  private taken = 0;
  async next<T extends ServerMessage['type']>(type: T, timeoutMs?: number): Promise<ServerMessageOf<T>> {
    return this.until(() => {
      for (let i = this.taken; i < this.messages.length; i++) {
        const message = this.messages[i]!;
        if (message.type === type) {
          this.taken = i + 1;
          return message as ServerMessageOf<T>;
        }
        if (message.type === 'closed' && type !== 'closed') {
          throw new Error(`session closed while waiting for ${type}: ${message.message}`);
        }
      }
      return undefined;
    }, `a ${type} message`, timeoutMs);
  }

  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<string> {
    // Each check searches only what arrived since the last one, and enough before it for a match that
    // straddles the two: searching all output on every frame made a few MiB take seconds.
    const overlap = typeof pattern === 'string' ? pattern.length - 1 : REGEX_MATCH_MAX_CHARS;
    const found = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
    let searched: { to: number; replays: number } | undefined;
    return this.until(() => {
      // All of it the first time, and after a replay started the output afresh.
      const fresh =
        searched === undefined || searched.replays !== this.replays
          ? this.output
          : this.lastChars(this.decodedChars - searched.to + overlap);
      searched = { to: this.decodedChars, replays: this.replays };
      return found(fresh) && this.output;
    }, `output ${pattern}`, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}
