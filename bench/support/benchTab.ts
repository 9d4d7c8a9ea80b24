// A light headless tab for benchmarks: speaks the page's protocol, acknowledges every output frame at once, and keeps
// only counts and a short tail (a flood of hundreds of MiB must not pile up in the benchmark's own memory).
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol.js';

const TAIL_CHARS = 4096;

export class BenchTab {
  /** Output bytes received since the socket opened. */
  received = 0;
  /** Output frames received since the socket opened (their sizes show how the bridge gathers output). */
  frames = 0;
  readonly messages: ServerMessage[] = [];
  private tail = '';
  /** Output since the last `watch()`, bounded; for spotting an echo among later output. */
  private watched = '';
  private inputOffset = 0;
  private waiters = new Set<() => void>();
  private closed = false;
  /** Whether output is acknowledged as it arrives (a tab that draws instantly); false: never (a stalled tab). */
  autoAck = true;
  /** Offset just after the last output byte received. */
  private outputEnd = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, binary) => {
      if (binary) {
        const decoded = decodeFrame(new Uint8Array(data as Buffer));
        if (!decoded.ok) throw new Error(decoded.error);
        const { offset, payload } = decoded.frame;
        this.received += payload.byteLength;
        this.outputEnd = offset + payload.byteLength;
        this.frames++;
        const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1');
        this.tail = (this.tail + text).slice(-TAIL_CHARS);
        if (this.watched.length < 65_536) this.watched += text;
        if (this.autoAck) this.send({ type: 'ack', offset: offset + payload.byteLength });
      } else {
        this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(wsUrl: string, token: string): Promise<BenchTab> {
    const socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const tab = new BenchTab(socket);
    tab.send({ type: 'hello', version: PROTOCOL_VERSION });
    await tab.until(() => tab.saw('welcome'), 'welcome');
    return tab;
  }

  /** Connect, open a shell on `target`, and wait for its prompt. */
  static async openShell(wsUrl: string, token: string, target: string, timeoutMs = 60_000): Promise<BenchTab> {
    const tab = await BenchTab.connect(wsUrl, token);
    tab.send({ type: 'open', target, cols: 120, rows: 40 });
    await tab.until(() => tab.saw('ready'), `a shell on ${target}`, timeoutMs);
    await tab.until(() => tab.tail.includes('$ '), 'the prompt', timeoutMs);
    return tab;
  }

  send(message: object): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  type(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.socket.send(encodeFrame(FrameType.Input, this.inputOffset, bytes), { binary: true });
    this.inputOffset += bytes.byteLength;
  }

  /**
   * From now on acknowledge output no faster than `bytesPerSecond`, as a page that draws at that rate would: the
   * bridge and the host then carry that rate, no more. Returns what stops it (output is then acknowledged as it comes).
   */
  paceAcknowledgements(bytesPerSecond: number): () => void {
    this.autoAck = false;
    const from = this.outputEnd;
    const started = performance.now();
    const timer = setInterval(() => {
      const allowed = from + Math.floor(((performance.now() - started) / 1000) * bytesPerSecond);
      this.send({ type: 'ack', offset: Math.min(this.outputEnd, allowed) });
    }, 5);
    return () => {
      clearInterval(timer);
      this.autoAck = true;
      this.send({ type: 'ack', offset: this.outputEnd });
    };
  }

  saw(type: ServerMessage['type']): boolean {
    const closed = this.messages.find((m) => m.type === 'closed');
    if (closed && type !== 'closed') throw new Error(`the session closed: ${JSON.stringify(closed)}`);
    return this.messages.some((m) => m.type === type);
  }

  tailIncludes(text: string): boolean {
    return this.tail.includes(text);
  }

  get lastOutput(): string {
    return this.tail;
  }

  /** Start collecting output anew, for `watchedIncludes`. */
  watch(): void {
    this.watched = '';
  }

  watchedIncludes(text: string): boolean {
    return this.watched.includes(text);
  }

  /** Type one key and time until its echo (`expect`: the key itself, or `\b` for a DEL) comes back, in ms. */
  async echoRoundTrip(key: string, expect = key, timeoutMs = 30_000): Promise<number> {
    this.watch();
    const started = performance.now();
    this.type(key);
    await this.until(() => this.watched.includes(expect), `the echo of ${JSON.stringify(key)}`, timeoutMs);
    return performance.now() - started;
  }

  async until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output tail ${JSON.stringify(this.tail.slice(-200))}`));
      }, timeoutMs);
      const wake = () => {
        let done = false;
        try {
          done = check();
          if (!done && this.closed) throw new Error(`the socket closed while waiting for ${what}`);
        } catch (error) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          reject(error as Error);
          return;
        }
        if (done) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        }
      };
      this.waiters.add(wake);
    });
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** End the shell and close the socket. */
  close(): void {
    this.send({ type: 'close' });
    this.socket.close();
  }

  /**
   * End the shell, and wait (up to `timeoutMs`) for the bridge to say it has ended before closing the socket: a
   * process that exits straight after `close()` may reset the connection before the bridge has read the request,
   * and the bridge then keeps the shell, as for any tab that went away, for its grace period.
   */
  async closeAndWait(timeoutMs: number): Promise<void> {
    this.send({ type: 'close' });
    const ended = new Promise<void>((resolve) => {
      const check = () => {
        if (!this.closed && !this.messages.some((m) => m.type === 'closed')) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
    this.socket.close();
  }
}
