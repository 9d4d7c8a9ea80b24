// What a tab feature is: something that plugs into one terminal tab's typed input, output and lifecycle, and goes with the tab.
import type { Terminal } from '@xterm/xterm';
import type { ClientMessage, ServerMessageOf } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';

/** What a feature is given about its tab when it is created. */
export interface TabContext {
  /** The tab's xterm.js terminal: features load their addons on it and read its buffer. */
  readonly terminal: Terminal;
  /** The host as the tab names it (`de1`). */
  readonly target: string;
  /** The saved session the tab was opened from, if any: work for the tab on the host logs in the way it did. */
  readonly savedSessionId: string | undefined;
  /** The bar under the terminal, where a feature's controls go. */
  readonly bar: HTMLElement;
  /** The frame around the terminal, where overlays and floating bars go. */
  readonly frame: HTMLElement;
  /** Sends bytes to the shell as input, straight to the transport (no other feature sees them). */
  send(bytes: Uint8Array): void;
  /** Sends text to the shell as input, like `send`. */
  sendText(text: string): void;
  /** Sends a message to the bridge on the connection the tab has now; dropped while it has none. */
  sendMessage(message: ClientMessage): void;
  /** A sentence for the user that needs no answer, shown for `ms` (a default when unset). */
  flash(message: string, ms?: number): void;
  /** What the feature shows elsewhere changed: the tab strip redraws. */
  changed(): void;
  focusTerminal(): void;
  /** The shell is there and takes input. */
  readonly ready: boolean;
  /** The bridge's id of the shell the tab shows, once it has one. */
  readonly sessionId: string | undefined;
}

/**
 * A feature's part in typed input. Each typed string is first offered to every feature's `take`, lowest `order`
 * first, until one takes it (it then never reaches the host); a string no feature took is shown to every
 * `toHost`, in the same order, just before it goes to the host. Only a ready tab's input is offered.
 */
export interface TypedInputHandler {
  readonly order: number;
  /** True when the feature consumed the string (half-duplex's line editor does). */
  take?(data: string): boolean;
  /** The string goes to the host as keys, right after this (predictive echo watches for it). */
  toHost?(data: string): void;
}

/** Where a tab's session is; features hear each in the order it happens. */
export type TabEvent =
  /** The bridge welcomed a connection (a first one, or one that bridges a drop). */
  | { readonly kind: 'connected' }
  /** A new shell is ready; `sessionId` is also in the context now. */
  | { readonly kind: 'ready' }
  /** The tab is back on a live shell (after a drop, a reload, a reopened tab). */
  | { readonly kind: 'attached'; readonly replay: boolean }
  /**
   * What is on the screen no longer follows from what the feature saw: the bridge replays the screen afresh,
   * history was written above a new shell, or Reconnect put a divider before a new shell.
   */
  | { readonly kind: 'reset'; readonly why: 'replay' | 'history' | 'reconnect' }
  /** The link to longhaul dropped and is being bridged: nothing can be measured until it is back. */
  | { readonly kind: 'reconnecting' }
  /** The connection ended (the shell closed, or longhaul could not be reached); Reconnect may follow. */
  | { readonly kind: 'ended' }
  /** The tab came to the front. */
  | { readonly kind: 'shown' }
  /** The tab went to the background. */
  | { readonly kind: 'hidden' };

/** The bridge's measurements, which the session does not act on itself and passes to its features. */
export type TabMessage = ServerMessageOf<'pong' | 'host-rtt' | 'host-silence' | 'reconnecting' | 'timeline'>;

/**
 * What a feature adds to `window.longhaul`: `longhaul.feature(name, tabId?)` answers with `report()`. A report is
 * plain data (it crosses into scripts and tests by copy), never a live object.
 */
export interface FeatureReport {
  readonly name: string;
  report(): unknown;
}

export interface TabFeature extends Disposable {
  readonly input?: TypedInputHandler;
  readonly automation?: FeatureReport;
  /** A chunk of the shell's output, before it is written to the terminal. */
  beforeOutput?(bytes: Uint8Array): void;
  /** Output written so far has been drawn (parsed into the terminal's buffer). */
  afterOutput?(): void;
  onEvent?(event: TabEvent): void;
  onMessage?(message: TabMessage): void;
}
