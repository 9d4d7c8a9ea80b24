// One tab's link to its session on the bridge, kept through drops: reconnect with backoff, resume output at
// the last byte received, and send unacknowledged keystrokes again (the bridge writes each byte only once).
import { realClock, type Timers } from '../../shared/clock.js';
import { decodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from '../../shared/protocol.js';
import { parseServerMessage } from '../../shared/validate.js';
import { bridgeSocketUrl, browserSocket, type SocketFactory, type SocketLike } from './browserSocket.js';
import { inputFrames } from './inputFrames.js';
import type { LinkTrouble, TerminalTransport, TransportRequest } from './transport.js';

/** Waits before each reconnect attempt; the last one repeats. A blip is bridged at once, an outage is not hammered. */
export const RECONNECT_DELAYS_MS: readonly number[] = [250, 1_000, 2_000, 4_000, 8_000];
/** Keystrokes kept until the bridge acknowledges them; more than this while disconnected is dropped, with a warning. */
export const MAX_UNACKNOWLEDGED_INPUT_BYTES = 1024 * 1024;

export function reconnectDelay(attempt: number): number {
  return RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
}

/**
 * connecting: a socket is opening (first time or again); open: attached to a session (or opening one);
 * waiting: the socket dropped and a reconnect is scheduled; ended: the session ended or the tab let go.
 */
export type LinkState = 'connecting' | 'open' | 'waiting' | 'ended';

const ALLOWED: Record<LinkState, readonly LinkState[]> = {
  connecting: ['open', 'waiting', 'ended'],
  open: ['waiting', 'ended'],
  waiting: ['connecting', 'ended'],
  ended: [],
};

export class ImpossibleLinkTransition extends Error {}

export interface ReconnectingTransportOptions {
  createSocket?: SocketFactory;
  url?: string;
  scheduler?: Timers;
  warn?: (...args: unknown[]) => void;
  /** Attach to this live session rather than open a new one (a reopened tab, a reloaded page). */
  resume?: { sessionId: string; offset?: number };
  /**
   * Whether longhaul still knows this browser (undefined: it could not be asked). Asked when a socket closed without
   * opening, since a page cannot see why a WebSocket was refused: a sign-in that ended looks like longhaul being away.
   */
  checkSignIn?: () => Promise<boolean | undefined>;
}

const NORMAL_CLOSURE = 1000;

export class ReconnectingTransport implements TerminalTransport {
  private linkState: LinkState = 'connecting';
  private socket: SocketLike;
  private sessionId: string | undefined;
  /** Offset one past the last output byte received: where a resumed stream continues. */
  private received: number;
  /** Input bytes typed so far, and those the bridge has not yet acknowledged (from `unackedFrom` on). */
  private inputEnd = 0;
  private unackedFrom = 0;
  private unacked: Uint8Array[] = [];
  private unackedBytes = 0;
  private attempt = 0;
  /** Whether the current socket ever opened: one that never did found nothing listening. */
  private socketOpened = false;
  private timer: unknown;
  /** The last check said longhaul no longer knows this browser; said at once on the next refused attempt too. */
  private signedOut = false;
  private readonly checkSignIn: (() => Promise<boolean | undefined>) | undefined;
  private readonly scheduler: Timers;
  private readonly createSocket: SocketFactory;
  private readonly url: string;
  private readonly warn: (...args: unknown[]) => void;

  constructor(
    private readonly request: TransportRequest,
    options: ReconnectingTransportOptions = {},
  ) {
    this.scheduler = options.scheduler ?? realClock;
    this.createSocket = options.createSocket ?? browserSocket;
    this.url = options.url ?? bridgeSocketUrl(location);
    this.warn = options.warn ?? ((...args) => console.warn(...args));
    this.checkSignIn = options.checkSignIn;
    this.sessionId = options.resume?.sessionId;
    this.received = options.resume?.offset ?? 0;
    this.socket = this.connect();
  }

  get state(): LinkState {
    return this.linkState;
  }

  /** The session this tab shows, once the bridge has named it. */
  get session(): string | undefined {
    return this.sessionId;
  }

  private moveTo(next: LinkState): void {
    if (!ALLOWED[this.linkState].includes(next)) {
      throw new ImpossibleLinkTransition(`link cannot go from ${this.linkState} to ${next}`);
    }
    this.linkState = next;
  }

  private connect(): SocketLike {
    this.socketOpened = false;
    return this.createSocket(this.url, {
      open: () => {
        this.socketOpened = true;
        this.rawSend(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION } satisfies ClientMessage));
      },
      text: (data) => this.onText(data),
      binary: (data) => this.onBinary(data),
      close: (code, reason) => this.onClose(code, reason),
    });
  }

  private rawSend(data: string | Uint8Array): void {
    if (this.socket.isOpen) this.socket.send(data);
  }

  private onText(data: string): void {
    if (this.linkState === 'ended') return;
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.warn(`longhaul: ignored a message from the bridge (${parsed.error})`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'welcome': {
        const { cols, rows } = this.request.size();
        if (this.sessionId) this.send({ type: 'attach', sessionId: this.sessionId, offset: this.received, cols, rows });
        else {
          const saved = this.request.savedSessionId;
          this.send({ type: 'open', target: this.request.target, cols, rows, ...(saved ? { savedSessionId: saved } : {}) });
        }
        break;
      }
      case 'ready':
        this.sessionId = message.sessionId;
        this.linkUp();
        break;
      case 'attached':
        this.received = message.offset;
        this.linkUp();
        if (message.inputOffset > this.inputEnd) {
          // The session took input before this transport existed (a reopened tab, a reloaded page): number on
          // from where it is, or every keystroke would look like a repeat and be dropped.
          this.inputEnd = this.unackedFrom = message.inputOffset;
          this.unacked = [];
          this.unackedBytes = 0;
        }
        this.resendInput(message.inputOffset);
        break;
      case 'input-ack':
        this.acknowledgeInput(message.offset);
        break;
      case 'closed':
        this.end();
        break;
      default:
        break;
    }
    this.request.listener.onMessage(message);
  }

  private linkUp(): void {
    if (this.linkState === 'connecting') this.moveTo('open');
    if (this.attempt > 0) this.request.listener.onReconnected?.();
    this.attempt = 0;
    this.signedOut = false;
  }

  private onBinary(data: Uint8Array): void {
    if (this.linkState === 'ended') return;
    const decoded = decodeFrame(data);
    if (!decoded.ok || decoded.frame.type !== FrameType.Output) {
      this.warn(`longhaul: ignored a frame from the bridge (${decoded.ok ? 'not output' : decoded.error})`);
      return;
    }
    const { offset, payload } = decoded.frame;
    // Frames go on as they came: after a resume, bytes at the seam may come twice, and the tab's OutputFlow drops
    // those it already drew. Only where to resume is kept here, so a late repeat cannot move it back.
    this.received = Math.max(this.received, offset + payload.byteLength);
    this.request.listener.onOutput(offset, payload);
  }

  private onClose(code: number, reason: string): void {
    if (this.linkState === 'ended') return;
    if (!this.sessionId) {
      // Never reached a session: there is nothing to resume, and opening again could start a second shell.
      this.linkState = 'ended';
      this.request.listener.onLost(reason || `code ${code}`);
      return;
    }
    this.moveTo('waiting');
    const delay = reconnectDelay(this.attempt++);
    const why = reason || `code ${code}`;
    const trouble = this.socketOpened ? 'dropped' : this.signedOut ? 'signed-out' : 'unreachable';
    this.request.listener.onReconnecting?.(delay, why, trouble);
    if (trouble !== 'dropped') this.askWhyRefused(delay, why, trouble);
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      if (this.linkState !== 'waiting') return;
      this.moveTo('connecting');
      this.socket = this.connect();
    }, delay);
  }

  /** A socket that never opened: tell a browser whose sign-in ended from a longhaul that is away. */
  private askWhyRefused(delay: number, why: string, said: LinkTrouble): void {
    if (!this.checkSignIn) return;
    const attempt = this.attempt;
    this.checkSignIn().then(
      (signedIn) => {
        // Only while this wait is still the current one: a later attempt asks again.
        if (this.linkState !== 'waiting' || this.attempt !== attempt) return;
        this.signedOut = signedIn === false;
        const known: LinkTrouble = this.signedOut ? 'signed-out' : 'unreachable';
        if (known !== said) this.request.listener.onReconnecting?.(delay, why, known);
      },
      () => undefined,
    );
  }

  /** Control messages go while a socket is up; after a drop they are moot (attach re-sends the size). */
  send(message: ClientMessage): void {
    // Never log messages here: prompt answers carry passwords.
    if (this.linkState === 'open' || this.linkState === 'connecting') this.rawSend(JSON.stringify(message));
  }

  sendInput(bytes: Uint8Array): void {
    if (this.linkState === 'ended' || bytes.byteLength === 0) return;
    if (this.unackedBytes + bytes.byteLength > MAX_UNACKNOWLEDGED_INPUT_BYTES) {
      this.warn('longhaul: too much typing while disconnected; these keystrokes were dropped');
      return;
    }
    const offset = this.inputEnd;
    this.inputEnd += bytes.byteLength;
    this.unacked.push(bytes);
    this.unackedBytes += bytes.byteLength;
    if (this.linkState === 'open') for (const frame of inputFrames(offset, bytes)) this.rawSend(frame);
  }

  private acknowledgeInput(offset: number): void {
    while (this.unacked.length > 0 && this.unackedFrom + this.unacked[0]!.byteLength <= offset) {
      const done = this.unacked.shift()!;
      this.unackedFrom += done.byteLength;
      this.unackedBytes -= done.byteLength;
    }
  }

  /** After attaching: what the bridge has not written yet is sent again, from where it stopped. */
  private resendInput(bridgeHas: number): void {
    this.acknowledgeInput(bridgeHas);
    let offset = this.unackedFrom;
    for (const bytes of this.unacked) {
      const skip = Math.max(0, bridgeHas - offset);
      if (skip < bytes.byteLength) for (const frame of inputFrames(offset + skip, bytes.subarray(skip))) this.rawSend(frame);
      offset += bytes.byteLength;
    }
  }

  private end(): void {
    if (this.linkState === 'ended') return;
    this.moveTo('ended');
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.socket.close(NORMAL_CLOSURE, 'session closed');
  }

  /** The user ends the session: its shell closes. */
  close(): void {
    this.send({ type: 'close' });
    this.dispose();
  }

  /** The user closed the tab: the shell keeps running for the grace period, to be reopened. */
  detach(): void {
    this.send({ type: 'detach' });
    this.dispose();
  }

  dispose(): void {
    if (this.linkState !== 'ended') this.linkState = 'ended';
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.socket.close(NORMAL_CLOSURE, 'tab closed');
  }
}
