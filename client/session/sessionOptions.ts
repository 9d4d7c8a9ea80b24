// How a terminal tab is opened and what it asks of the page around it.
import type { Shortcut } from '../keyboard/shortcuts.js';
import type { PredictiveEchoMode } from '../../shared/savedSessions.js';
import type { HistoryRestore } from '../savedSessions/history.js';
import type { SessionLook } from '../savedSessions/tabLook.js';
import type { AskingTab } from './connectingStatus.js';

export interface SessionHost {
  /** State or title changed: redraw the tab strip. */
  onChange(): void;
  onShortcut(shortcut: Shortcut): void;
  /** Whether this tab is the one on screen (only then may it take focus). */
  isActive(): boolean;
  /**
   * The history entry (with scrollback) of a live session that is gone, if the bridge kept one; the tab then offers
   * to reopen it from history.
   */
  historyOf?(liveSessionId: string): Promise<HistoryRestore | undefined>;
  /** Another tab of this page to `target` that is asking for a login (a dialog open), if there is one. */
  askingTab?(target: string): AskingTab | undefined;
  /** A history entry by its id (undefined once pruned), for a reloaded tab that showed it above its shell. */
  historyById?(id: number): Promise<HistoryRestore | undefined>;
}

/** How a tab starts. Saved sessions fill these from the session's settings. */
export interface TerminalSessionOptions {
  /** Start in half-duplex mode; off by default. */
  halfDuplex?: boolean;
  /** Attach to this live session (a reopened tab, a reloaded page) instead of opening a new shell. */
  resume?: { sessionId: string };
  /**
   * A tab the page had open before (a reload): if its shell is gone (longhaul restarted or crashed since), bring it
   * back by itself from history — its scrollback above a divider, a new shell below — instead of only saying so.
   */
  restoreIfGone?: boolean;
  /** A reloaded tab that showed this history entry above its shell: show it again, then attach below it. */
  historyId?: number;
  /** The saved session this tab was opened from: its id, and the label and colour its tab shows. */
  savedSession?: SessionLook;
  /** Predictive echo's setting for this tab; a saved session gives its default. Auto if unset. */
  predictiveEcho?: PredictiveEchoMode;
  /** Typed into the shell (then Enter) once it is ready the first time; never on a reattach. */
  commandOnConnect?: string;
  /** A closed session's scrollback, written (with a divider) before the new shell starts below it. */
  history?: HistoryRestore;
}

export interface ScreenOptions {
  /** Draw predictive echo's predicted cells and cursor in (default), as the page shows them. */
  predictions?: boolean;
}
