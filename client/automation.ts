// window.longhaul: what tests and users' scripts read from the page (tabs, the screen as text, the scrollback).
import type { PageTab } from './app.js';
import type { SessionStore } from './sessions/sessionStore.js';
import type { SessionSummary } from './sessions/tabSession.js';
import { emptyScreen } from './terminal/screenSnapshot.js';
import { EMPTY_LATENCY_REPORT } from './latency/latencyModel.js';
import type { TabState } from './tabs/tabState.js';
import { COMMANDS, keysOf } from './commands/commandTable.js';
import type { HalfDuplexState } from './halfDuplex/halfDuplexMode.js';
import type { LatencyReport } from './latency/latencyModel.js';
import type { PredictiveEchoState } from './predictiveEcho/addon/predictiveEchoAddon.js';
import type { ScreenOptions } from './session/terminalSession.js';
import type { ScreenSnapshot } from './terminal/screenSnapshot.js';
import type { TextStyle } from './terminal/cellStyle.js';
import type { RendererKind } from './terminal/renderer/rendererChoice.js';

export type { SessionSummary } from './sessions/tabSession.js';

export interface TabInfo {
  id: string;
  title: string;
  state: TabState;
  active: boolean;
}
export type { ScreenSnapshot } from './terminal/screenSnapshot.js';
export type { HalfDuplexState } from './halfDuplex/halfDuplexMode.js';
export type { LatencyReport } from './latency/latencyModel.js';
export type { PredictiveEchoState } from './predictiveEcho/addon/predictiveEchoAddon.js';
export type { TextStyle } from './terminal/cellStyle.js';
export type { RendererKind } from './terminal/renderer/rendererChoice.js';

export interface LonghaulAutomation {
  /** Every tab in strip order. */
  tabs(): TabInfo[];
  /**
   * Every tab in strip order with its session as plain data: the bridge's session id (once the shell is ready),
   * target, state, title, saved-session look, half-duplex mode and whether its host is silent.
   */
  sessions(): SessionSummary[];
  /** The names a tab's features report under (default: the active tab), for `feature(name)`. */
  features(tabId?: string): string[];
  /**
   * What a tab's feature reports (default: the active tab), by the name it gives: each tab feature may add its
   * own. Null when the tab has no session or no feature by that name.
   */
  feature(name: string, tabId?: string): unknown;
  /**
   * The visible rows of a tab (default: the active one) exactly as a person sees them now: with predictive
   * echo's predicted characters and cursor drawn in. `{ predictions: false }`: the terminal's own rows, as the
   * host drew them.
   */
  screen(tabId?: string, options?: ScreenOptions): ScreenSnapshot;
  /** Every line of a tab's scrollback and screen, oldest first. */
  buffer(tabId?: string): string[];
  /**
   * A tab's half-duplex mode (default: the active one): on, paused for a full-screen program or until the
   * shell's prompt is back, masked for a secret prompt, and the local line (empty while masked or not yet
   * echoed by the host; `length` still counts it). Null without a session.
   */
  halfDuplex(tabId?: string): HalfDuplexState | null;
  /**
   * A tab's latency (default: the active one): browser ↔ longhaul, longhaul ↔ host and keystroke → echo in ms
   * (null until measured), how long the host has been silent (null while it answers), and how connecting went.
   */
  latency(tabId?: string): LatencyReport;
  /**
   * A tab's predictive echo (default: the active one): its setting, what it is doing (showing, standby, off,
   * altScreen, suspended), the predicted text drawn over the screen right now, and the keystroke → echo times it
   * measured. Null without a session.
   */
  predictiveEcho(tabId?: string): PredictiveEchoState | null;
  /**
   * Where `text` first appears in a tab's buffer (default: the active one) and how its first cell is drawn:
   * foreground colour (default, palette index or RGB), bold, dim. Null when it is not there.
   */
  textStyle(text: string, tabId?: string): TextStyle | null;
  /**
   * What a tab's terminal draws with now (default: the active one): `webgl` or `dom`. The Renderer setting picks
   * it; a background tab draws with `dom`, having given its WebGL context back. Null without a session.
   */
  renderer(tabId?: string): RendererKind | null;
  /** Every command the page has (the palette lists them): its id, its words and its keys ("Alt+Shift+N" or ""). */
  commands(): CommandInfo[];
  /** Run a command by id in a tab (default: the active one), as its keys would; an unknown id or tab throws. */
  runCommand(id: string, tabId?: string): void;
}

export interface CommandInfo {
  id: string;
  label: string;
  keys: string;
}

declare global {
  interface Window {
    longhaul: LonghaulAutomation;
  }
}

/** Reads every answer from the page's session store: a tab by its id, or the active tab when none is given. */
export function installAutomation(store: SessionStore<PageTab>, runCommand: (id: string, tabId?: string) => void): void {
  const tab = (id: string | undefined): PageTab => {
    const found = id === undefined ? store.active() : store.tab(id);
    if (!found) throw new Error(id === undefined ? 'there is no active tab' : `there is no tab ${id}`);
    return found;
  };
  const session = (id: string | undefined) => tab(id).session;
  // Plain copies out, nothing live in: a script can read the page but not reach into it.
  window.longhaul = Object.freeze({
    tabs: () => store.summaries().map(({ tabId, title, state, active }) => ({ id: tabId, title, state, active })),
    sessions: () => store.summaries(),
    features: (tabId?: string) => session(tabId)?.featureNames() ?? [],
    feature: (name: string, tabId?: string) => session(tabId)?.featureReport(name) ?? null,
    screen: (tabId?: string, options?: ScreenOptions) => session(tabId)?.screen({ predictions: options?.predictions !== false }) ?? emptyScreen(),
    buffer: (tabId?: string) => session(tabId)?.buffer() ?? [],
    halfDuplex: (tabId?: string) => session(tabId)?.halfDuplex.state() ?? null,
    latency: (tabId?: string) => session(tabId)?.latency() ?? { ...EMPTY_LATENCY_REPORT, timeline: [] },
    predictiveEcho: (tabId?: string) => session(tabId)?.predictiveEchoState() ?? null,
    textStyle: (text: string, tabId?: string) => session(tabId)?.textStyle(text) ?? null,
    renderer: (tabId?: string) => session(tabId)?.renderer() ?? null,
    commands: () => COMMANDS.map((command) => ({ id: command.id, label: command.label, keys: keysOf(command) })),
    runCommand: (id: string, tabId?: string) => runCommand(id, tabId),
  });
}
