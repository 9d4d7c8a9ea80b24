// What a tab needs from its connection to the bridge; ReconnectingTransport gives it, resuming after a dropped
// connection without the tab noticing, and a test can give it without a socket.
import type { ClientMessage, ServerMessage } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TransportListener {
  /** A validated control message. `welcome` is passed on too, after the transport has answered it. */
  onMessage(message: ServerMessage): void;
  /** Output bytes; `offset` is the position of the first one in the session's output stream. */
  onOutput(offset: number, payload: Uint8Array): void;
  /** The connection to longhaul dropped while the session had not ended, and cannot be resumed. */
  onLost(reason: string): void;
  /**
   * The connection dropped; the transport tries again in `inMs` and resumes where output stopped. `trouble`
   * says what is known: the link `dropped` (longhaul may be fine), or the last attempt could not reach it at all.
   */
  onReconnecting?(inMs: number, reason: string, trouble: LinkTrouble): void;
  /** Attached again after a drop; nothing was lost. */
  onReconnected?(): void;
}

/**
 * Why a tab is waiting to reconnect. `dropped`: a socket that was open closed. `unreachable`: a new socket
 * closed without ever opening: nothing answers at longhaul's address (it is stopped, or the network is down).
 * `signed-out`: longhaul answers, but no longer knows this browser (it was restarted, or signed out everywhere).
 */
export type LinkTrouble = 'dropped' | 'unreachable' | 'signed-out';

export interface TransportRequest {
  target: string;
  /** Attach to this live session instead of opening a new one (a reopened tab, a reloaded page). */
  resume?: { sessionId: string };
  /** Opened from this saved session: the bridge applies its authentication and jump host. */
  savedSessionId?: string;
  /** Asked when the session is opened, so the shell starts at the size the user sees. */
  size(): TerminalSize;
  listener: TransportListener;
}

export interface TerminalTransport extends Disposable {
  send(message: ClientMessage): void;
  /** Keystrokes; the transport numbers them. Dropped when the connection is not open. */
  sendInput(bytes: Uint8Array): void;
  /** The user ends the session: tell the bridge, then close. */
  close(): void;
  /** The user closed the tab: the shell keeps running for a while, to be reopened. */
  detach(): void;
}

export type TransportFactory = (request: TransportRequest) => TerminalTransport;
