// A tmux control client over one byte channel (an SSH exec channel running `tmux -C`): commands and their replies, pane output, its end.
import { ControlModeParser, type ControlEvent } from './controlMode.js';

/** The channel the control client speaks over: an ssh2 exec channel, or anything shaped like one. */
export interface ControlChannel {
  write(text: string): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal?: string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  readonly stderr: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
  readonly writableLength: number;
  pause(): unknown;
  resume(): unknown;
  close(): unknown;
}

export interface ControlReply {
  ok: boolean;
  /** The reply's lines, as text. */
  lines: string[];
}

export interface ControlClientHandlers {
  output(paneId: string, bytes: Buffer): void;
  /** tmux paused a pane's output for this client (pause-after), or the client should continue it. */
  pause?(paneId: string): void;
  /** The client is now attached to this session (`%session-changed`): commands sent before may run before that. */
  sessionChanged?(sessionName: string): void;
  /** Any other notification, by name (`sessions-changed`), in order with the output. */
  notification?(name: string): void;
  /** A command on tmux's own command line failed (`attach-session` to a session that is gone): its words. */
  startupFailed?(message: string): void;
  /** tmux said the client is leaving (`%exit`), with its reason ('' when its session ended). */
  exit(reason: string): void;
  /** The channel closed: after `%exit`, or because the connection under it went. `exitCode` as the host said. */
  closed(exitCode: number | null, stderr: string): void;
}

/** Bytes of the channel's stderr kept, to say why tmux could not start. */
const MAX_STDERR_BYTES = 4096;

/** Thrown to a command still waiting for its reply when the channel closes. */
export class ControlChannelClosed extends Error {
  constructor() {
    super('the tmux control channel closed');
  }
}

export class TmuxControlClient {
  private readonly waiting: Array<{ resolve(reply: ControlReply): void; reject(error: Error): void; onReply?: (reply: ControlReply) => void }> = [];
  private closed = false;
  private exitCode: number | null = null;
  private stderr = '';
  private markClosed: () => void = () => {};
  /** Resolves when the channel has closed. */
  readonly whenClosed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(
    private readonly channel: ControlChannel,
    private readonly handlers: ControlClientHandlers,
  ) {
    const parser = new ControlModeParser((event) => this.event(event));
    channel.on('data', (chunk) => parser.push(chunk));
    channel.stderr.on('data', (chunk) => {
      if (this.stderr.length < MAX_STDERR_BYTES) this.stderr += chunk.toString('utf8').slice(0, MAX_STDERR_BYTES - this.stderr.length);
    });
    channel.on('exit', (code) => {
      if (typeof code === 'number') this.exitCode = code;
    });
    channel.on('close', () => {
      this.closed = true;
      // Told first: why the channel closed (no tmux, a session gone) says more than "closed" to a waiting command.
      handlers.closed(this.exitCode, this.stderr.trim());
      for (const waiter of this.waiting.splice(0)) waiter.reject(new ControlChannelClosed());
      this.markClosed();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Command bytes written that the host has not taken yet. */
  get pendingBytes(): number {
    return this.channel.writableLength;
  }

  /**
   * Send one command line (ending in a newline); resolves with its reply, in the order commands were sent.
   * `onReply` is called with it at once, before any output that came after it is handled (a promise's callbacks
   * run only after the rest of the read), for a caller that must know exactly where in the output it fell.
   */
  command(line: string, onReply?: (reply: ControlReply) => void): Promise<ControlReply> {
    if (this.closed) return Promise.reject(new ControlChannelClosed());
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, ...(onReply ? { onReply } : {}) });
      this.channel.write(line);
    });
  }

  /** Send a command whose reply does not matter (typing, resizing): a failure is not the caller's to handle. */
  send(line: string): void {
    this.command(line).catch(() => {});
  }

  pause(): void {
    this.channel.pause();
  }

  resume(): void {
    this.channel.resume();
  }

  close(): void {
    this.channel.close();
  }

  private event(event: ControlEvent): void {
    switch (event.kind) {
      case 'output':
        this.handlers.output(event.paneId, event.bytes);
        return;
      case 'reply':
        // Replies to tmux's own command line (flag 0) are not to commands sent here.
        if (!event.fromClient) {
          if (!event.ok) this.handlers.startupFailed?.(event.lines.map((line) => line.toString('utf8')).join(' '));
          return;
        }
        {
          const waiter = this.waiting.shift();
          const reply = { ok: event.ok, lines: event.lines.map((line) => line.toString('utf8')) };
          waiter?.onReply?.(reply);
          waiter?.resolve(reply);
        }
        return;
      case 'pause':
        this.handlers.pause?.(event.paneId);
        return;
      case 'exit':
        this.handlers.exit(event.reason);
        return;
      case 'notification': {
        const changed = event.name === 'session-changed' ? /^\$\d+ (.*)$/.exec(event.args) : null;
        if (changed) this.handlers.sessionChanged?.(changed[1]!);
        this.handlers.notification?.(event.name);
        return;
      }
      case 'continue':
      case 'malformed':
        // A one-pane client needs none of these; a line that is not control mode is not trusted for anything.
        return;
      default:
        assertNever(event);
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected control-mode event ${JSON.stringify(value)}`);
}
