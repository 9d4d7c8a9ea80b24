// The page: tabs in a session store, one panel per tab, the launcher in a new tab, and the commands keys run.
import type { Command, CommandContext } from './commands/command.js';
import { COMMANDS, commandFor, runCommand } from './commands/commandTable.js';
import { openCommandPalette } from './commands/commandPalette.js';
import { toggleLatencyOverlay } from './latency/sessionLatency.js';
import { Launcher } from './launcher/launcher.js';
import type { ClosedSessionSummary, LiveSessionSummary, SavedSession } from '../shared/savedSessions.js';
import { SavedSessionsApi } from './savedSessions/api.js';
import { historyEntryFor, type HistoryRestore } from './savedSessions/history.js';
import { sessionOptionsFor } from './savedSessions/openSaved.js';
import { TerminalSession, type TerminalSessionOptions } from './session/terminalSession.js';
import type { AskingTab } from './session/connectingStatus.js';
import { activateByNumber, activateFirst, activateLast, activateNext, activatePrevious, activateTab, type TabListState } from './tabs/tabList.js';
import { TabStrip, type TabMove } from './tabs/tabStrip.js';
import { showTabsInStrip } from './tabs/stripView.js';
import { SessionStore } from './sessions/sessionStore.js';
import { rememberOpenTabs } from './sessions/rememberOpenTabs.js';
import { showActiveTitle } from './sessions/pageTitle.js';
import type { TransportFactory } from './transport/transport.js';
import { ReconnectingTransport } from './transport/reconnectingTransport.js';
import { checkSignIn } from './transport/signInCheck.js';
import { TabMemory } from './tabs/tabMemory.js';
import { stillRunning, unshownShells } from './tabs/runningSessions.js';
import { lookOf, type SessionLook } from './savedSessions/tabLook.js';
import { listen } from './util/disposable.js';
import { openSearchAllDialog } from './searchAll/searchAllDialog.js';
import { mountOverviewSearch } from './searchAll/overviewSearch.js';
import { revealWhenDrawn } from './searchAll/revealHit.js';
import type { RunSearchHit, SearchHit } from '../shared/search.js';
import { openKeptRun } from './runOnGroup/runOnGroupDialog.js';
import { el } from './util/dom.js';
import { Overview, type ClosedSessionItem } from './overview/overview.js';
import { overviewButton } from './overview/overviewButton.js';
import { Broadcast, type BroadcastTab } from './broadcast/broadcast.js';
import { MAX_GROUP_TABS, openGroupDialog } from './openGroup/openGroupDialog.js';
import type { Group } from '../shared/groups.js';

/** How often a new tab asks longhaul again which shells it runs. */
const LIVE_LIST_REFRESH_MS = 5_000;
/** How many history entries the overview's closed row shows; History lists them all. */
const OVERVIEW_HISTORY_ENTRIES = 12;

/** A tab as the page holds it: the store's record plus the page's own parts. */
export interface PageTab {
  readonly id: string;
  readonly panel: HTMLElement;
  /** Null while the tab shows the launcher. */
  session: TerminalSession | null;
  /** What was typed into Connect to in this tab, kept while another tab is shown. */
  draft: string;
}

/** Where focus goes after a tab change: into the tab's content, onto the tab itself (arrow keys), or nowhere. */
type FocusAfter = 'content' | 'tab' | 'none';

export class App {
  /** Every tab and its session; the strip, reload memory, the page title and `window.longhaul` read it. */
  readonly sessions = new SessionStore<PageTab>();
  private nextTabNumber = 1;
  private readonly strip: TabStrip;
  private readonly panels: HTMLElement;
  private readonly launcher: Launcher;
  private launcherOwner: PageTab | null = null;
  /** The shells longhaul ran when last asked: what can be reattached (closed tabs, shells no window shows). */
  private liveOnBridge: LiveSessionSummary[] = [];
  /** Every tab as a live thumbnail, while it is open. */
  private overview: Overview | null = null;
  /** Broadcast input: keys typed into one tab in view go to all of them. */
  readonly broadcast = new Broadcast(
    { all: () => this.sessions.tabs().flatMap((tab) => broadcastTabOf(tab)), active: () => broadcastTabOf(this.activeEntry())[0] },
    sessionStorage,
    () => this.sessions.changed(),
  );

  constructor(
    root: HTMLElement,
    private readonly createTransport: TransportFactory = (request) =>
      new ReconnectingTransport(request, { checkSignIn, ...(request.resume ? { resume: request.resume } : {}) }),
    private readonly memory = new TabMemory(sessionStorage, localStorage),
    private readonly api = new SavedSessionsApi(),
  ) {
    const tabBar = el('header', { class: 'tab-bar' });
    this.panels = el('main', { class: 'panels' });
    root.append(tabBar, this.panels);
    this.strip = new TabStrip(tabBar, {
      onActivate: (id) => this.update(activateTab(this.sessions.order, id), 'content'),
      onMove: (move) => this.update(MOVES[move](this.sessions.order), 'tab'),
      onClose: (id, focus) => this.closeTab(id, focus),
      onNewTab: () => this.newTab(),
      onReopenClosed: () => void this.reopenClosedTab(),
    });
    tabBar.append(overviewButton(() => this.toggleOverview()));
    this.launcher = new Launcher(
      {
        connect: (target) => this.connect(target),
        openSaved: (saved) => this.openSaved(saved),
        reopenHistory: (entry) => void this.reopenFromHistory(entry),
        attachRunning: (session, saved) => this.attachRunning(session, saved),
      },
      api,
    );
    // The views over the tabs, each redrawn from the store after every change.
    showTabsInStrip(this.sessions, this.strip);
    rememberOpenTabs(this.sessions, this.memory); // what a reload brings back
    this.sessions.subscribe(() => {
      if (this.launcherOwner) this.showRecentlyClosed();
    });
    showActiveTitle(this.sessions);
    this.sessions.subscribe(() => this.broadcast.tabsChanged());
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
    // A reload brings back this window's tabs, each attached again to its shell: a reload must not cost a shell.
    const restore = this.memory.openTabs();
    for (const tab of restore) {
      this.newTab();
      // Its shell may be gone (longhaul restarted or crashed since): then it comes back from history by itself.
      this.connect(tab.target, {
        resume: { sessionId: tab.sessionId },
        restoreIfGone: true,
        ...(tab.historyId !== undefined ? { historyId: tab.historyId } : {}),
        ...(tab.look ? { savedSession: tab.look } : {}),
        ...(tab.group ? { group: tab.group } : {}),
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
    return this.sessions.tabs().some((tab) => tab.session?.state === 'ready');
  }

  /**
   * A tab on each host of `group` (its saved sessions with their own settings), carrying the group's name, shown side
   * by side in the overview. Tabs to one host share its login, as any tabs do.
   */
  async openGroup(group: Group): Promise<void> {
    const hosts = group.hosts.slice(0, MAX_GROUP_TABS);
    let saved: SavedSession[] = [];
    if (hosts.some((host) => host.savedSessionId)) saved = (await this.api.list().catch(() => ({ saved: [] as SavedSession[] }))).saved;
    this.overview?.close();
    for (const host of hosts) {
      const session = saved.find((candidate) => candidate.id === host.savedSessionId);
      this.newTab();
      this.connect(host.target, { ...(session ? sessionOptionsFor(session) : {}), group: group.name });
    }
    if (hosts.length > 1) this.toggleOverview();
  }

  /** Open the overview of every tab over the terminals, or close it (back to the tab that was active). */
  toggleOverview(): void {
    if (this.overview) return this.overview.close();
    this.overview = new Overview(
      this.panels,
      {
        store: this.sessions,
        closedSessions: () => this.closedSessions(),
        showTab: (id) => this.update(activateTab(this.sessions.order, id), 'content'),
        // A chosen hit's tab is shown full size (or a tab brought back for it): the overview has done its part.
        mountSearch: (slot, hitsChanged) =>
          mountOverviewSearch(
            slot,
            hitsChanged,
            (hit) => {
              this.overview?.dispose();
              void this.showSearchHit(hit);
            },
            (hit) => {
              this.overview?.dispose();
              this.showRunHit(hit);
            },
          ),
      },
      () => (this.overview = null),
    );
  }

  /** What the overview lists below the live tabs: closed tabs whose shells still run, then history, newest first. */
  private async closedSessions(): Promise<ClosedSessionItem[]> {
    await this.refreshLive();
    const lastLines = new Map(this.liveOnBridge.map((session) => [session.id, session.lastLine]));
    const running = stillRunning(this.memory.recentlyClosed(), this.liveOnBridge);
    const items: ClosedSessionItem[] = running.map((tab) => ({
      key: `running-${tab.sessionId}`,
      title: tab.title,
      target: tab.target,
      when: 'shell still running',
      lastLine: lastLines.get(tab.sessionId) ?? '',
      ...(tab.look ? { color: tab.look.color } : {}),
      reopen: () => void this.reopenClosedTab(tab.sessionId),
    }));
    const shown = new Set(running.map((tab) => tab.sessionId));
    const history = (await this.api.history()).filter((entry) => !entry.liveSessionId || !shown.has(entry.liveSessionId));
    for (const entry of history.slice(0, OVERVIEW_HISTORY_ENTRIES)) {
      items.push({
        key: `history-${entry.id}`,
        title: entry.title,
        target: entry.target,
        when: `closed ${new Date(entry.closedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}`,
        lastLine: entry.lastLine ?? '',
        reopen: () => {
          // History opens in a new tab's launcher, as choosing it there would.
          if (this.activeEntry()?.session) this.newTab();
          void this.reopenFromHistory(entry);
        },
      });
    }
    return items;
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
   * Open a tab on a recently closed session (the newest, or a chosen one): same shell, same screen (or, if
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
    for (const tab of this.sessions.tabs()) {
      const id = tab.session?.heldSessionId;
      if (id) held.add(id);
    }
    return unshownShells(this.liveOnBridge, held);
  }

  /** The launcher's tab connects to a saved session's target, with its look and defaults. */
  openSaved(saved: SavedSession): void {
    this.connect(saved.target, sessionOptionsFor(saved));
  }

  /** The launcher's tab shows a closed session's scrollback, then a new shell on its target below it. */
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

  /**
   * Show a hit of Search all sessions scrolled to its line, the match selected: the tab that shows its session; a
   * live shell no tab shows is reattached in a new tab; a closed session comes back from history in a new tab.
   */
  async showSearchHit(hit: SearchHit): Promise<void> {
    let entry: PageTab | undefined;
    if (hit.session.state === 'live') {
      entry = this.sessions.tabs().find((tab) => tab.session?.heldSessionId === hit.session.id);
      if (entry) this.update(activateTab(this.sessions.order, entry.id), 'content');
      else {
        this.openTabOn(hit.session.target, hit.session.id, undefined);
        entry = this.activeEntry();
      }
    } else {
      this.newTab();
      entry = this.activeEntry();
      try {
        const closed = await this.api.closed(Number(hit.session.id));
        // The user may have moved on while the scrollback came; it opens only in the tab made for it.
        if (!entry || this.launcherOwner !== entry) return;
        this.connect(closed.target, { history: { id: closed.id, scrollback: closed.scrollback, closedAt: closed.closedAt, liveSessionId: closed.liveSessionId } });
      } catch (error) {
        this.launcher.showError(`Could not reopen ${hit.session.target} from history: ${(error as Error).message}`);
        return;
      }
    }
    const tab = entry;
    if (!tab) return;
    // Replayed or restored output is drawn once the tab is past connecting; the match is looked for after that.
    revealWhenDrawn(() => (this.sessions.tab(tab.id) ? tab.session?.terminal : undefined), () => tab.session?.state !== 'connecting', hit);
  }

  /** Show a kept run's hit: the run's table in the Run on group dialog, that host's row open; focus goes back to the tab. */
  showRunHit(hit: RunSearchHit): void {
    openKeptRun(hit.run.id, hit.target, () => {
      const entry = this.activeEntry();
      if (entry) this.focusContent(entry);
    });
  }

  /** A live session the bridge no longer has, as history kept it (with scrollback), if it did. */
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

  private activeEntry(): PageTab | undefined {
    return this.sessions.active();
  }

  private tabOrThrow(id: string): PageTab {
    const tab = this.sessions.tab(id);
    if (!tab) throw new Error(`there is no tab ${id}`);
    return tab;
  }

  newTab(): void {
    const id = `tab-${this.nextTabNumber++}`;
    const panel = el('section', { class: 'panel', role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `${id}-title`, hidden: true });
    this.panels.append(panel);
    this.changeTabs(() => this.sessions.add({ id, panel, session: null, draft: '' }), 'content');
  }

  /** The active tab stops being a launcher and connects to `target` (or attaches to a live session). */
  private connect(target: string, options: TerminalSessionOptions = {}): void {
    const entry = this.launcherOwner;
    if (!entry || entry.session) return;
    this.launcher.unmount();
    this.launcherOwner = null;
    entry.draft = '';
    const host = {
      onChange: () => this.sessions.changed(),
      onShortcut: (command: Command) => this.runCommand(command.id),
      isActive: () => this.sessions.activeId === entry.id,
      historyOf: (liveSessionId: string) => this.historyOf(liveSessionId),
      askingTab: (target: string) => this.askingTab(entry, target),
      historyById: (id: number) => this.historyById(id),
      broadcast: {
        typed: (data: string) => this.broadcast.typed(entry.id, data),
        view: () => this.broadcast.view(entry.id),
        leaveOut: (out: boolean) => this.broadcast.leaveOut(entry.id, out),
        toggle: () => this.broadcast.toggle(),
        subscribe: (listener: () => void) => this.broadcast.subscribe(listener),
      },
    };
    entry.session = new TerminalSession(entry.panel, target, host, this.createTransport, options);
    this.sessions.changed();
    entry.session.focus();
  }

  /** The other tab to `target` with a host key or secret question open: the login that `waiting` waits on. */
  private askingTab(waiting: PageTab, target: string): AskingTab | undefined {
    for (const entry of this.sessions.tabs()) {
      const session = entry.session;
      if (entry === waiting || !session || session.target !== target) continue;
      if (session.state === 'prompt' || session.state === 'host-key') {
        return { number: this.sessions.numberOf(entry.id), show: () => this.update(activateTab(this.sessions.order, entry.id), 'content') };
      }
    }
    return undefined;
  }

  closeTab(id: string, focus: FocusAfter = 'content'): void {
    const entry = this.sessions.tab(id);
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
    this.changeTabs(() => this.sessions.remove(id), focus);
    // There is always a tab to type into.
    if (this.sessions.order.ids.length === 0) this.newTab();
    void this.refreshLive();
  }

  private update(next: TabListState, focus: FocusAfter): void {
    this.changeTabs(() => this.sessions.reorder(next), focus);
  }

  /**
   * Change the tabs (add, remove, move, activate), then show the active tab's panel and hide the one it replaced;
   * the views hear of it once, when all that is done.
   */
  private changeTabs(change: () => void, focus: FocusAfter): void {
    const previous = this.sessions.activeId;
    const active = this.sessions.batch(() => {
      change();
      // A closed tab is gone from the store: it was disposed, not hidden.
      const previousTab = previous === null ? undefined : this.sessions.tab(previous);
      if (previousTab && previous !== this.sessions.activeId) {
        previousTab.panel.hidden = true;
        previousTab.session?.hide();
      }
      const shown = this.activeEntry();
      if (shown) {
        shown.panel.hidden = false;
        shown.session?.show();
      }
      this.placeLauncher(shown);
      return shown;
    });
    if (!active) return;
    if (focus === 'tab') this.strip.focusTab(active.id);
    else if (focus === 'content') this.focusContent(active);
  }

  /** The one launcher follows the active tab when that tab is a new tab, and leaves the page otherwise. */
  private placeLauncher(active: PageTab | undefined): void {
    const owner = active && !active.session ? active : null;
    if (this.launcherOwner === owner) return;
    if (this.launcherOwner) this.launcherOwner.draft = this.launcher.draft;
    this.launcherOwner = owner;
    if (owner) {
      this.launcher.mount(owner.panel, owner.draft);
      void this.refreshLive();
    } else this.launcher.unmount();
  }

  private focusContent(entry: PageTab): void {
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
    if (tabId !== undefined) this.tabOrThrow(tabId); // an unknown tab is an error, not the active tab
    runCommand(id, this.commandContext(tabId));
  }

  /** What commands act on: the page's tabs, and the tab they run in. */
  private commandContext(tabId: string | undefined): CommandContext {
    const inTab = () => (tabId === undefined ? this.activeEntry() : this.sessions.tab(tabId));
    return {
      newTab: () => this.newTab(),
      closeTab: () => {
        const entry = inTab();
        if (entry) this.closeTab(entry.id);
      },
      nextTab: () => this.update(activateNext(this.sessions.order), 'content'),
      previousTab: () => this.update(activatePrevious(this.sessions.order), 'content'),
      goToTab: (number) => this.update(activateByNumber(this.sessions.order, number), 'content'),
      reopenClosedTab: () => void this.reopenClosedTab(),
      tab: () => inTab()?.session ?? undefined,
      toggleLatencyOverlay,
      toggleOverview: () => this.toggleOverview(),
      toggleBroadcast: () => this.broadcast.toggle(),
      openGroup: () => openGroupDialog(this.panels, (group) => void this.openGroup(group), () => this.activeEntry()?.session?.focus()),
      openPalette: () => openCommandPalette({ commands: COMMANDS, run: (command) => this.runCommand(command.id, tabId) }),
      searchAllSessions: () => openSearchAllDialog({ reveal: (hit) => void this.showSearchHit(hit), showRun: (hit) => this.showRunHit(hit) }),
    };
  }
}

/** A tab as broadcasting sees it: one with a terminal, typed into as the user would. */
function broadcastTabOf(tab: PageTab | undefined): BroadcastTab[] {
  const session = tab?.session;
  if (!tab || !session) return [];
  return [
    {
      id: tab.id,
      sessionId: session.sessionId,
      group: session.group,
      ready: session.state === 'ready',
      type: (data) => session.terminal.input(data, true),
    },
  ];
}

const MOVES: Record<TabMove, (state: TabListState) => TabListState> = {
  next: activateNext,
  previous: activatePrevious,
  first: activateFirst,
  last: activateLast,
};
