// How a terminal tab is opened: the settings it starts with, and what its screen is read with.
import type { PredictiveEchoMode } from '../../shared/savedSessions.js';
import type { HistoryRestore } from '../savedSessions/history.js';
import type { SessionLook } from '../savedSessions/tabLook.js';

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
  /**
   * Type the shell integration line (then Enter) into the shell once it is ready the first time, before
   * `commandOnConnect`; never on a reattach (the shell has it already).
   */
  shellIntegration?: boolean;
  /** Typed into the shell (then Enter) once it is ready the first time; never on a reattach. */
  commandOnConnect?: string;
  /** A closed session's scrollback, written (with a divider) before the new shell starts below it. */
  history?: HistoryRestore;
  /** The host group the tab is opened with (Open group): its name shows on the tab, and broadcasting keeps to it. */
  group?: string;
}

export interface ScreenOptions {
  /** Draw predictive echo's predicted cells and cursor in (default), as the page shows them. */
  predictions?: boolean;
}
