// The page: the tab strip, one panel per tab, the launcher, the keyboard shortcuts, and the view automation reads.
import type { Command, CommandContext } from './commands/command.js';
import { COMMANDS, commandFor, runCommand } from './commands/commandTable.js';
import { openCommandPalette } from './commands/commandPalette.js';
import { EMPTY_LATENCY_REPORT, toggleLatencyOverlay, type LatencyReport } from './latency/sessionLatency.js';
import type { HalfDuplexState } from './halfDuplex/halfDuplexMode.js'; // half-duplex (issue 4)
import type { RendererKind } from './terminal/renderer/rendererChoice.js';
import type { PredictiveEchoState } from './predictiveEcho/addon/predictiveEchoAddon.js'; // issue 3
import type { ScreenOptions } from './session/terminalSession.js';
import { Launcher } from './launcher/launcher.js';
import type { ClosedSessionSummary, LiveSessionSummary, SavedSession } from '../shared/savedSessions.js';
import { SavedSessionsApi } from './savedSessions/api.js';
import { historyEntryFor, type HistoryRestore } from './savedSessions/history.js';
import { sessionOptionsFor } from './savedSessions/openSaved.js';
import { TerminalSession, type TerminalSessionOptions } from './session/terminalSession.js';
import type { AskingTab } from './session/connectingStatus.js';
import { emptyScreen, type ScreenSnapshot } from './terminal/screenSnapshot.js';
import type { TextStyle } from './terminal/cellStyle.js';
import {
  activateByNumber,
  activateFirst,
  activateLast,
  activateNext,
  activatePrevious,
  activateTab,
  addTab,
  closeTab,
  emptyTabList,
  type TabListState,
} from './tabs/tabList.js';
import type { TabState } from './tabs/tabState.js';
import { TabStrip, type TabMove, type TabStripItem } from './tabs/tabStrip.js';
import type { TransportFactory } from './transport/transport.js';
import { ReconnectingTransport } from './transport/reconnectingTransport.js';
import { checkSignIn } from './transport/signInCheck.js';
import { SessionMemory } from './tabs/sessionMemory.js';
import { stillRunning, unshownShells } from './tabs/runningSessions.js';
import { lookOf, type SessionLook } from './savedSessions/tabLook.js';
import { listen } from './util/disposable.js';
import { el } from './util/dom.js';

const NEW_TAB_TITLE = 'New tab';
/** How often a new tab asks longhaul again which shells it runs. */
const LIVE_LIST_REFRESH_MS = 5_000;

interface TabEntry {
  id: string;
  panel: HTMLElement;
  /** Null while the tab shows the launcher. */
  session: TerminalSession | null;
  /** What was typed into Connect to in this tab, kept while another tab is shown. */
  draft: string;
}

export interface TabInfo {
  id: string;
  title: string;
  state: TabState;
  active: boolean;
}

/** Where focus goes after a tab change: into the tab's content, onto the tab itself (arrow keys), or nowhere. */
type FocusAfter = 'content' | 'tab' | 'none';

export class App {
  private tabs: TabListState = emptyTabList;
  private readonly entries = new Map<string, TabEntry>();
  private nextTabNumber = 1;
  private readonly strip: TabStrip;
  private readonly panels: HTMLElement;
  private readonly launcher: Launcher;
  private launcherOwner: TabEntry | null = null;
  /** The shells longhaul ran when last asked: what can be reattached (closed tabs, shells no window shows). */
  private liveOnBridge: LiveSessionSummary[] = [];

  constructor(
    root: HTMLElement,
    private readonly createTransport: TransportFactory = (request) =>
      new ReconnectingTransport(request, { checkSignIn, ...(request.resume ? { resume: request.resume } : {}) }),
    private readonly memory = new SessionMemory(sessionStorage, localStorage),
    private readonly api = new SavedSessionsApi(),
  ) {
    const tabBar = el('header', { class: 'tab-bar' });
    this.panels = el('main', { class: 'panels' });
    root.append(tabBar, this.panels);
    this.strip = new TabStrip(tabBar, {
      onActivate: (id) => this.update(activateTab(this.tabs, id), 'content'),
      onMove: (move) => this.update(MOVES[move](this.tabs), 'tab'),
      onClose: (id, focus) => this.closeTab(id, focus),
      onNewTab: () => this.newTab(),
      onReopenClosed: () => void this.reopenClosedTab(),
    });
    this.launcher = new Launcher(
      {
        connect: (target) => this.connect(target),
        openSaved: (saved) => this.openSaved(saved),
        reopenHistory: (entry) => void this.reopenFromHistory(entry),
        attachRunning: (session, saved) => this.attachRunning(session, saved),
      },
      api,
    );
    // The app lives as long as the page, so these window listeners are never removed.
    // Shortcuts pressed inside a terminal are handled (and stopped) by its key handler; these are the rest.
    listen(window, 'keydown', (event) => this.onKeyDown(event));
    listen(window, 'resize', () => this.activeEntry()?.session?.fit());
    // Closing the browser tab (Ctrl+W is one slip away in a shell) would leave its shells running unseen: ask first.
    listen(window, 'beforeunload', (event) => {
      if (!this.holdsLiveShells) return;
      event.preventDefault();
      (event as BeforeUnloadEvent).returnValue = ''; // older Chromium asks only when this is set
    });
    // issue 5: a reload brings back this window's tabs, each attached again to its shell.
    const restore = this.memory.openTabs();
    for (const tab of restore) {
      this.newTab();
      // Its shell may be gone (longhaul restarted or crashed since): then it comes back from history by itself.
      this.connect(tab.target, {
        resume: { sessionId: tab.sessionId },
        restoreIfGone: true,
        ...(tab.historyId !== undefined ? { historyId: tab.historyId } : {}),
        ...(tab.look ? { savedSession: tab.look } : {}),
      });
    }
    if (restore.length === 0) this.newTab();
    this.showRecentlyClosed();
    void this.refreshLive();
    // While a new tab shows what runs on longhaul, keep it current: shells let go of in other windows appear.
    window.setInterval(() => {
      if (this.launcherOwner) void this.refreshLive();
    }, LIVE_LIST_REFRESH_MS);
  }

  /** Whether closing the page would leave shells running that no tab shows. */
  get holdsLiveShells(): boolean {
    return [...this.entries.values()].some((entry) => entry.session?.state === 'ready');
  }

  /** Ask longhaul which shells it runs, then list what can be reattached. */
  private async refreshLive(): Promise<void> {
    try {
      this.liveOnBridge = await this.api.live();
    } catch {
      return; // longhaul out of reach: keep what was known
    }
    this.showRecentlyClosed();
  }

  /**
   * issue 5: open a tab on a recently closed session (the newest, or a chosen one): same shell, same screen (or, if
   * the shell has ended since, the tab offers its history). With no closed tab, the shell no window shows that was
   * let go of last.
   */
  async reopenClosedTab(sessionId?: string): Promise<void> {
    const closed = this.memory.takeClosed(sessionId);
    if (closed) return this.openTabOn(closed.target, closed.sessionId, closed.look);
    if (sessionId !== undefined) return;
    await this.refreshLive();
    const unshown = this.unshownShells()[0];
    if (unshown) this.attachRunning(unshown, undefined);
  }

  /** Attach a tab to a shell longhaul runs that no window shows (its browser tab was closed): same shell, same screen. */
  attachRunning(session: LiveSessionSummary, saved: SavedSession | undefined): void {
    const closed = this.memory.recentlyClosed().find((tab) => tab.sessionId === session.id);
    this.openTabOn(session.target, session.id, saved ? lookOf(saved) : closed?.look);
  }

  private openTabOn(target: string, sessionId: string, look: SessionLook | undefined): void {
    this.memory.takeClosed(sessionId);
    const active = this.activeEntry();
    if (!active || active.session) this.newTab();
    this.connect(target, { resume: { sessionId }, ...(look ? { savedSession: look } : {}) });
    this.showRecentlyClosed();
  }

  /** Shells longhaul runs that neither a window nor this page's recently closed tabs account for. */
  private unshownShells(): LiveSessionSummary[] {
    const held = new Set<string>(this.memory.recentlyClosed().map((tab) => tab.sessionId));
    for (const entry of this.entries.values()) {
      const id = entry.session?.heldSessionId;
      if (id) held.add(id);
    }
    return unshownShells(this.liveOnBridge, held);
  }

  /** issue 5: the launcher's tab connects to a saved session's target, with its look and defaults. */
  openSaved(saved: SavedSession): void {
    this.connect(saved.target, sessionOptionsFor(saved));
  }

  /** issue 5: the launcher's tab shows a closed session's scrollback, then a new shell on its target below it. */
  async reopenFromHistory(entry: ClosedSessionSummary): Promise<void> {
    const owner = this.launcherOwner;
    try {
      const closed = await this.api.closed(entry.id);
      // The user may have moved on while the scrollback came; it opens only in the tab it was chosen from.
      if (this.launcherOwner !== owner || !owner) return;
      this.connect(closed.target, { history: { id: closed.id, scrollback: closed.scrollback, closedAt: closed.closedAt, liveSessionId: closed.liveSessionId } });
    } catch (error) {
      this.launcher.showError(`Could not reopen ${entry.target} from history: ${(error as Error).message}`);
    }
  }

  /** issue 5: a live session the bridge no longer has, as history kept it (with scrollback), if it did. */
  private async historyOf(liveSessionId: string): Promise<HistoryRestore | undefined> {
    const entry = historyEntryFor(await this.api.history(), liveSessionId);
    if (!entry) return undefined;
    const closed = await this.api.closed(entry.id);
    return { id: closed.id, scrollback: closed.scrollback, closedAt: closed.closedAt };
  }

  /** A history entry's scrollback, for a reloaded tab that showed it above its shell; undefined once pruned. */
  private async historyById(id: number): Promise<HistoryRestore | undefined> {
    try {
      const closed = await this.api.closed(id);
      return { id: closed.id, scrollback: closed.scrollback, closedAt: closed.closedAt };
    } catch {
      return undefined;
    }
  }

  /** List recently closed tabs whose shells still run, and shells no window shows; ↺ reopens one of them. */
  private showRecentlyClosed(): void {
    const closed = stillRunning(this.memory.recentlyClosed(), this.liveOnBridge);
    const unshown = this.unshownShells();
    this.launcher.showRecentlyClosed(closed, (sessionId) => void this.reopenClosedTab(sessionId));
    this.launcher.showRunning(unshown);
    this.strip.setCanReopen(this.memory.recentlyClosed().length > 0 || unshown.length > 0);
  }

  private activeEntry(): TabEntry | undefined {
    return this.tabs.activeId === null ? undefined : this.entries.get(this.tabs.activeId);
  }

  private entry(id: string | undefined): TabEntry {
    const entry = id === undefined ? this.activeEntry() : this.entries.get(id);
    if (!entry) throw new Error(id === undefined ? 'there is no active tab' : `there is no tab ${id}`);
    return entry;
  }

  newTab(): void {
    const id = `tab-${this.nextTabNumber++}`;
    const panel = el('section', { class: 'panel', role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `${id}-title`, hidden: true });
    this.panels.append(panel);
    this.entries.set(id, { id, panel, session: null, draft: '' });
    this.update(addTab(this.tabs, id), 'content');
  }

  /** The active tab stops being a launcher and connects to `target` (or attaches to a live session). */
  private connect(target: string, options: TerminalSessionOptions = {}): void {
    const entry = this.launcherOwner;
    if (!entry || entry.session) return;
    this.launcher.unmount();
    this.launcherOwner = null;
    entry.draft = '';
    const host = {
      onChange: () => this.render(),
      onShortcut: (command: Command) => this.runCommand(command.id),
      isActive: () => this.tabs.activeId === entry.id,
      historyOf: (liveSessionId: string) => this.historyOf(liveSessionId),
      askingTab: (target: string) => this.askingTab(entry, target),
      historyById: (id: number) => this.historyById(id),
    };
    entry.session = new TerminalSession(entry.panel, target, host, this.createTransport, options);
    this.render();
    entry.session.focus();
  }

  /** The other tab to `target` with a host key or secret question open: the login that `waiting` waits on. */
  private askingTab(waiting: TabEntry, target: string): AskingTab | undefined {
    for (const entry of this.entries.values()) {
      const session = entry.session;
      if (entry === waiting || !session || session.target !== target) continue;
      if (session.state === 'prompt' || session.state === 'host-key') {
        return { number: this.tabs.ids.indexOf(entry.id) + 1, show: () => this.update(activateTab(this.tabs, entry.id), 'content') };
      }
    }
    return undefined;
  }

  closeTab(id: string, focus: FocusAfter = 'content'): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (this.launcherOwner === entry) {
      this.launcher.unmount();
      this.launcherOwner = null;
    }
    const session = entry.session;
    if (session?.sessionId && session.state === 'ready') {
      // Its shell keeps running on the bridge for a while: list it, so the tab can be reopened.
      this.memory.closed({ sessionId: session.sessionId, target: session.target, title: session.title, ...(session.savedSession ? { look: session.savedSession } : {}) });
    }
    session?.dispose();
    entry.panel.remove();
    this.entries.delete(id);
    this.update(closeTab(this.tabs, id), focus);
    // There is always a tab to type into.
    if (this.tabs.ids.length === 0) this.newTab();
    void this.refreshLive();
  }

  private update(next: TabListState, focus: FocusAfter): void {
    const previous = this.tabs.activeId;
    this.tabs = next;
    if (previous !== next.activeId && previous !== null) {
      const hidden = this.entries.get(previous);
      if (hidden) {
        hidden.panel.hidden = true;
        hidden.session?.hide();
      }
    }
    const active = this.activeEntry();
    if (active) {
      active.panel.hidden = false;
      active.session?.show();
    }
    this.placeLauncher(active);
    this.render();
    if (!active) return;
    if (focus === 'tab') this.strip.focusTab(active.id);
    else if (focus === 'content') this.focusContent(active);
  }

  /** The one launcher follows the active tab when that tab is a new tab, and leaves the page otherwise. */
  private placeLauncher(active: TabEntry | undefined): void {
    const owner = active && !active.session ? active : null;
    if (this.launcherOwner === owner) return;
    if (this.launcherOwner) this.launcherOwner.draft = this.launcher.draft;
    this.launcherOwner = owner;
    if (owner) {
      this.launcher.mount(owner.panel, owner.draft);
      void this.refreshLive();
    } else this.launcher.unmount();
  }

  private focusContent(entry: TabEntry): void {
    if (entry.session) entry.session.focus();
    else this.launcher.focus();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.defaultPrevented) return;
    const command = commandFor(event);
    if (!command || command.terminalOnly) return;
    event.preventDefault();
    this.runCommand(command.id);
  }

  /** Run a command of the table (client/commands) in a tab: the active one unless told which. */
  runCommand(id: string, tabId?: string): void {
    if (tabId !== undefined) this.entry(tabId); // an unknown tab is an error, not the active tab
    runCommand(id, this.commandContext(tabId));
  }

  /** What commands act on: the page's tabs, and the tab they run in. */
  private commandContext(tabId: string | undefined): CommandContext {
    const inTab = () => (tabId === undefined ? this.activeEntry() : this.entries.get(tabId));
    return {
      newTab: () => this.newTab(),
      closeTab: () => {
        const entry = inTab();
        if (entry) this.closeTab(entry.id);
      },
      nextTab: () => this.update(activateNext(this.tabs), 'content'),
      previousTab: () => this.update(activatePrevious(this.tabs), 'content'),
      goToTab: (number) => this.update(activateByNumber(this.tabs, number), 'content'),
      reopenClosedTab: () => void this.reopenClosedTab(),
      tab: () => inTab()?.session ?? undefined,
      toggleLatencyOverlay,
      openPalette: () => openCommandPalette({ commands: COMMANDS, run: (command) => this.runCommand(command.id, tabId) }),
    };
  }

  private render(): void {
    const items: TabStripItem[] = this.tabs.ids.map((id) => {
      const entry = this.entry(id);
      return {
        id,
        title: entry.session?.title ?? NEW_TAB_TITLE,
        state: entry.session?.state ?? 'launcher',
        active: id === this.tabs.activeId,
        detail: entry.session?.statusText ?? '',
        halfDuplex: entry.session?.halfDuplex.on ?? false, // half-duplex (issue 4): the tab shows its mode
        ...(entry.session ? { target: entry.session.target, silent: entry.session.hostSilent } : {}),
        ...(entry.session?.savedSession ? { look: entry.session.savedSession } : {}), // issue 5: label and colour
      };
    });
    this.strip.render(items);
    // issue 5: what a reload should bring back.
    this.memory.rememberOpenTabs(
      this.tabs.ids.flatMap((id) => {
        const session = this.entry(id).session;
        if (!session?.sessionId) return [];
        const look = session.savedSession;
        const historyId = session.historyId;
        return [{ sessionId: session.sessionId, target: session.target, title: session.title, ...(look ? { look } : {}), ...(historyId !== undefined ? { historyId } : {}) }];
      }),
    );
    if (this.launcherOwner) this.showRecentlyClosed();
    const active = this.activeEntry();
    document.title = active?.session ? `${active.session.title} — longhaul` : 'longhaul';
  }

  // --- what the automation surface reads ---

  tabInfo(): TabInfo[] {
    return this.tabs.ids.map((id) => {
      const entry = this.entry(id);
      return {
        id,
        title: entry.session?.title ?? NEW_TAB_TITLE,
        state: entry.session?.state ?? 'launcher',
        active: id === this.tabs.activeId,
      };
    });
  }

  screen(tabId?: string, options?: ScreenOptions): ScreenSnapshot {
    return this.entry(tabId).session?.screen(options) ?? emptyScreen();
  }

  buffer(tabId?: string): string[] {
    return this.entry(tabId).session?.buffer() ?? [];
  }

  textStyle(text: string, tabId?: string): TextStyle | null {
    return this.entry(tabId).session?.textStyle(text) ?? null;
  }

  /** half-duplex (issue 4): a tab's mode and local line; null for a tab without a session. */
  halfDuplex(tabId?: string): HalfDuplexState | null {
    return this.entry(tabId).session?.halfDuplex.state() ?? null;
  }

  latency(tabId?: string): LatencyReport {
    return this.entry(tabId).session?.latency() ?? { ...EMPTY_LATENCY_REPORT, timeline: [] };
  }

  /** What a tab's terminal draws with (WebGL or the DOM renderer); null for a tab without a session. */
  renderer(tabId?: string): RendererKind | null {
    return this.entry(tabId).session?.renderer() ?? null;
  }

  /** issue 3: a tab's predictive echo; null for a tab without a session. */
  predictiveEcho(tabId?: string): PredictiveEchoState | null {
    return this.entry(tabId).session?.predictiveEchoState() ?? null;
  }
}

const MOVES: Record<TabMove, (state: TabListState) => TabListState> = {
  next: activateNext,
  previous: activatePrevious,
  first: activateFirst,
  last: activateLast,
};
