// What a view over sessions may read of a tab's session: its target, state, title and the modes it is in.
import type { LatencyReport } from '../latency/latencyModel.js';
import type { PredictiveEchoState } from '../predictiveEcho/addon/predictiveEchoAddon.js';
import type { SessionLook } from '../savedSessions/tabLook.js';
import type { SessionState } from '../session/sessionState.js';
import type { TabState } from '../tabs/tabState.js';

/**
 * The read side of a terminal tab's session (TerminalSession implements it). Views depend on this, not on the
 * session class, so a new view (thumbnails, a search over sessions) sees every session without reaching into one.
 */
export interface TabSession {
  /** What the user typed to open it (a host alias, `user@host`). */
  readonly target: string;
  readonly state: SessionState;
  /** The shell's title when it sets one, else the target. */
  readonly title: string;
  /** What the tab is doing, in words (connecting, how the shell was reached, a silent host). */
  readonly statusText: string;
  readonly hostSilent: boolean;
  /** The saved session it was opened from: its id, label and colour. */
  readonly savedSession: SessionLook | undefined;
  /** The bridge's id for the shell, once the shell is ready: the session's stable name across reloads. */
  readonly sessionId: string | undefined;
  /** The bridge's shell this tab shows or is attaching to (known before the bridge answers a reattach). */
  readonly heldSessionId: string | undefined;
  /** The history entry shown above the shell, when the tab was brought back from history. */
  readonly historyId: number | undefined;
  readonly halfDuplex: { readonly on: boolean };
  /** The host group it was opened with (Open group), if any. */
  readonly group: string | undefined;
  /** Keys typed into it are broadcast to the other tabs in view (and theirs come to it). */
  readonly broadcasting: boolean;
  latency(): LatencyReport;
  predictiveEchoState(): PredictiveEchoState;
}

/** A tab as plain data, for views that draw tabs (the strip) and for `window.longhaul.sessions()`. */
export interface SessionSummary {
  /** The tab's id on this page (`tab-N`): what the DOM and `window.longhaul` name it by. */
  tabId: string;
  /** The bridge's id for its shell, once there is one. */
  sessionId?: string;
  active: boolean;
  state: TabState;
  title: string;
  detail: string;
  /** Absent for a new tab that shows the launcher. */
  target?: string;
  look?: SessionLook;
  halfDuplex: boolean;
  silent: boolean;
  historyId?: number;
  group?: string;
  /** Broadcast input reaches it. */
  broadcast: boolean;
}

export const NEW_TAB_TITLE = 'New tab';

export function summaryOf(tabId: string, session: TabSession | null, active: boolean): SessionSummary {
  if (!session) return { tabId, active, state: 'launcher', title: NEW_TAB_TITLE, detail: '', halfDuplex: false, silent: false, broadcast: false };
  const { sessionId, savedSession: look, historyId, group } = session;
  return {
    tabId,
    ...(sessionId ? { sessionId } : {}),
    active,
    state: session.state,
    title: session.title,
    detail: session.statusText,
    target: session.target,
    ...(look ? { look } : {}),
    halfDuplex: session.halfDuplex.on,
    silent: session.hostSilent,
    ...(historyId !== undefined ? { historyId } : {}),
    ...(group !== undefined ? { group } : {}),
    broadcast: session.broadcasting,
  };
}
