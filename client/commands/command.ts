// What a command is (an id, the user's words for it, its default keys, what it runs) and what it may act on.
import type { Terminal } from '@xterm/xterm';
import type { KeyBinding } from './keys.js';

/** The tab a command runs in: the active one, or the one a script named. */
export interface CommandTab {
  readonly terminal: Terminal;
  openSearch(): void;
  readonly halfDuplex: { toggle(): void };
  /** Choose files to upload to where the shell is. */
  uploadFiles(): void;
  /** Choose a folder to upload, all it holds, to where the shell is. */
  uploadFolder(): void;
  /** Ask for a file on the host, and download it. */
  downloadFile(): void;
}

/** What commands act on; the page (App) implements it. */
export interface CommandContext {
  newTab(): void;
  /** Closes the tab the command runs in. */
  closeTab(): void;
  nextTab(): void;
  previousTab(): void;
  /** 1…8: that tab; 9: the last one (as browsers do). */
  goToTab(number: number): void;
  reopenClosedTab(): void;
  /** The tab the command runs in, if it shows a terminal (a new tab shows the launcher). */
  tab(): CommandTab | undefined;
  toggleLatencyOverlay(): void;
  openPalette(): void;
  /** One search across every tab's scrollback and the closed sessions' history. */
  searchAllSessions(): void;
  /** Open the overview of every tab, or close it if it is open. */
  toggleOverview(): void;
  /** Turn broadcast input on or off. */
  toggleBroadcast(): void;
  /** Ask which host group to open, then open a tab on each of its hosts. */
  openGroup(): void;
}

export interface Command {
  /** Stable, for scripts and tests: `area.action`, e.g. `tab.new`. */
  readonly id: string;
  /** The user's words, shown in the palette and in the titles of buttons that run it. */
  readonly label: string;
  /** Default key bindings, the first one shown; none for a command reached only from the palette. */
  readonly keys: readonly KeyBinding[];
  /**
   * The keys mean something only inside a terminal, which handles them itself (copy and paste); elsewhere the
   * browser's own behaviour is right, so the page-wide listener leaves them alone.
   */
  readonly terminalOnly?: boolean;
  run(context: CommandContext): void | Promise<void>;
}
