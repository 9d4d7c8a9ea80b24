// The overview: every tab as a live thumbnail drawn from its terminal's buffer, typeable in place, with closed sessions below.
import type { Terminal } from '@xterm/xterm';
import { commandFor } from '../commands/commandTable.js';
import type { HalfDuplexState } from '../halfDuplex/halfDuplexMode.js';
import type { SessionStore } from '../sessions/sessionStore.js';
import { summaryOf, type TabSession } from '../sessions/tabSession.js';
import type { ScreenSnapshot } from '../terminal/screenSnapshot.js';
import { DisposableStore, listen, toDisposable, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { DIRECTION_OF_KEY, nearestInDirection } from './arrowMove.js';
import { overviewLayout } from './overviewLayout.js';
import { redrawOrder } from './redrawOrder.js';
import { terminalDataFor } from './thumbnailKeys.js';
import { groupByHost, hostOf, stateInWords } from './thumbnailWords.js';
import './overview.css';

/** What the overview reads of a tab's session: the view's part of it, its screen, and a way to type into it. */
export interface OverviewSession extends TabSession {
  readonly terminal: Pick<Terminal, 'input' | 'paste' | 'onWriteParsed' | 'cols' | 'rows'>;
  readonly reconnecting: boolean;
  readonly halfDuplex: { readonly on: boolean; state(): HalfDuplexState };
  screen(): ScreenSnapshot;
}

export interface OverviewTab {
  readonly id: string;
  readonly session: OverviewSession | null;
}

/** A closed session the overview offers to bring back: a closed tab whose shell still runs, or one from history. */
export interface ClosedSessionItem {
  readonly key: string;
  readonly title: string;
  readonly target: string;
  /** "shell still running", "closed 12:04": how it would come back. */
  readonly when: string;
  readonly lastLine: string;
  readonly color?: string;
  reopen(): void;
}

export interface OverviewHost {
  readonly store: SessionStore<OverviewTab>;
  /** The closed sessions to list, newest first; a failure leaves the row empty with a sentence. */
  closedSessions(): Promise<ClosedSessionItem[]>;
  /** Show a tab full size with the keys in its terminal. */
  showTab(id: string): void;
  /**
   * Build one search across every session into `slot`; it calls `hitsChanged` with the bridge session ids of the live
   * sessions that have a hit, or null when nothing is searched for.
   */
  mountSearch?(slot: HTMLElement, hitsChanged: (liveSessionIds: ReadonlySet<string> | null) => void): Disposable;
}

/** Drawing stops for the frame once it has taken this long; the rest wait for the next frame. */
const FRAME_BUDGET_MS = 4;
/** Room for the header, the closed row and padding, out of the overview's height. */
const CHROME_HEIGHT = 190;
const GAP = 12;
/** The state words count a silent host's seconds. */
const WORDS_EVERY_MS = 1000;

interface Thumbnail {
  readonly root: HTMLElement;
  readonly title: HTMLElement;
  readonly host: HTMLElement;
  readonly state: HTMLElement;
  readonly screen: HTMLElement;
  readonly localLine: HTMLElement;
  readonly stripe: HTMLElement;
  /** Its listeners for the session it shows now; replaced when the tab gets another session. */
  listeners: DisposableStore;
  session: OverviewSession | null;
  dirty: boolean;
  lastDrawn: number;
  shownText: string;
}

export class Overview implements Disposable {
  private readonly region: HTMLElement;
  private readonly liveArea: HTMLElement;
  private readonly closedRow: HTMLElement;
  private readonly disposables = new DisposableStore();
  private readonly thumbnails = new Map<string, Thumbnail>();
  /** The tab whose shell gets the keys typed here. */
  private typingId: string | null = null;
  /** The tab that was active when the overview opened: Escape goes back to it. */
  private readonly returnTo: string | null;
  private frame = 0;
  /** The hosts and tabs as last laid out. */
  private arrangement = '';
  private columns = 1;
  private disposed = false;
  /** The live sessions with a hit for what is searched now; null when nothing is. */
  private searchHits: ReadonlySet<string> | null = null;

  constructor(
    parent: HTMLElement,
    private readonly host: OverviewHost,
    private readonly onClosed: () => void,
  ) {
    this.returnTo = host.store.activeId;
    const close = el('button', { type: 'button', class: 'overview-close', 'aria-label': 'Close overview', title: 'Close overview (Escape)' }, '×');
    // One search across every session mounts here.
    const searchSlot = el('div', { class: 'overview-search-slot' });
    const header = el(
      'header',
      { class: 'overview-header' },
      el('h2', { class: 'overview-heading' }, 'Overview'),
      searchSlot,
      el('span', { class: 'overview-hint' }, 'Click a thumbnail and type · double-click or Alt+Enter: full size · Escape: back'),
      close,
    );
    this.liveArea = el('div', { class: 'overview-live' });
    this.closedRow = el('section', { class: 'overview-closed', 'aria-label': 'Closed sessions' });
    this.region = el('section', { class: 'overview', role: 'region', 'aria-label': 'Overview' }, header, this.liveArea, this.closedRow);
    parent.append(this.region);
    this.disposables.add(toDisposable(() => this.region.remove()));
    this.disposables.add(toDisposable(() => cancelAnimationFrame(this.frame)));
    this.disposables.add(listen(close, 'click', () => this.close()));
    this.disposables.add(listen(this.region, 'keydown', (event) => this.onKey(event)));
    this.disposables.add(listen(this.region, 'paste', (event) => this.onPaste(event)));
    this.disposables.add(
      host.store.subscribe(() => {
        // Another tab was brought forward (the strip, a tab key, a new tab): it is shown full size, so the overview goes.
        if (host.store.activeId !== this.returnTo && host.store.active()) return this.dispose();
        this.showTabs();
      }),
    );
    const resize = new ResizeObserver(() => this.applyLayout());
    resize.observe(this.region);
    this.disposables.add(toDisposable(() => resize.disconnect()));
    const words = window.setInterval(() => this.showWords(), WORDS_EVERY_MS);
    this.disposables.add(toDisposable(() => window.clearInterval(words)));
    if (host.mountSearch) {
      this.disposables.add(
        host.mountSearch(searchSlot, (hits) => {
          this.searchHits = hits;
          for (const thumbnail of this.thumbnails.values()) this.showSearchHit(thumbnail);
        }),
      );
    }
    this.typingId = this.returnTo;
    this.showTabs();
    void this.showClosed();
    this.focusTyping();
  }

  /** Close the overview and show `tabId` (else the tab that was active when it opened) full size. */
  close(tabId?: string): void {
    if (this.disposed) return;
    const store = this.host.store;
    const target = [tabId, this.returnTo, store.activeId].find((id) => id != null && store.tab(id) !== undefined);
    this.dispose();
    if (target) this.host.showTab(target);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const thumbnail of this.thumbnails.values()) thumbnail.listeners.dispose();
    this.thumbnails.clear();
    this.disposables.dispose();
    this.onClosed();
  }

  /** Build, keep or drop thumbnails to match the store, grouped by host in strip order. */
  private showTabs(): void {
    const tabs = this.host.store.tabs();
    const ids = new Set(tabs.map((tab) => tab.id));
    for (const [id, thumbnail] of this.thumbnails) {
      if (ids.has(id)) continue;
      thumbnail.listeners.dispose();
      thumbnail.root.remove();
      this.thumbnails.delete(id);
    }
    if (this.typingId === null || !ids.has(this.typingId)) this.typingId = this.host.store.activeId;
    const groups = groupByHost(tabs, (tab) => (tab.session ? hostOf(tab.session.target) : ''));
    for (const tab of tabs) this.thumbnailOf(tab);
    // Most changes are a title or a state: the thumbnails stay where they are, so a click in progress lands.
    const arrangement = JSON.stringify(groups.map(({ host, items }) => [host, items.map((tab) => tab.id)]));
    if (arrangement === this.arrangement) {
      this.showWords();
      return;
    }
    this.arrangement = arrangement;
    const sections = groups.map(({ host, items }) => {
      const grid = el('div', { class: 'overview-grid' });
      for (const tab of items) grid.append(this.thumbnailOf(tab).root);
      const name = host || 'New tabs';
      return el('section', { class: 'overview-group', 'aria-label': name }, el('h3', { class: 'overview-group-heading' }, name), grid);
    });
    const hadFocus = this.region.contains(document.activeElement) && document.activeElement?.classList.contains('thumbnail');
    this.liveArea.replaceChildren(...sections);
    this.applyLayout();
    this.showWords();
    if (hadFocus) this.focusTyping();
  }

  private thumbnailOf(tab: OverviewTab): Thumbnail {
    let thumbnail = this.thumbnails.get(tab.id);
    if (!thumbnail) {
      const stripe = el('span', { class: 'thumbnail-stripe', 'aria-hidden': 'true' });
      const title = el('span', { class: 'thumbnail-title' });
      const hostName = el('span', { class: 'thumbnail-host' });
      const state = el('span', { class: 'thumbnail-state' });
      const screen = el('pre', { class: 'thumbnail-screen', 'aria-hidden': 'true' });
      const localLine = el('pre', { class: 'thumbnail-local-line', 'aria-hidden': 'true', hidden: true });
      const root = el(
        'div',
        { class: 'thumbnail', role: 'button', tabindex: '-1', 'data-tab-id': tab.id },
        stripe,
        el('div', { class: 'thumbnail-label' }, title, hostName, state),
        screen,
        localLine,
      );
      const made: Thumbnail = { root, title, host: hostName, state, screen, localLine, stripe, listeners: new DisposableStore(), session: null, dirty: true, lastDrawn: 0, shownText: '' };
      this.thumbnails.set(tab.id, made);
      this.watch(made, tab.session);
      return made;
    }
    if (thumbnail.session !== tab.session) this.watch(thumbnail, tab.session);
    return thumbnail;
  }

  /** While a search is shown, a thumbnail whose session has no hit dims (a tab not connected has none). */
  private showSearchHit(thumbnail: Thumbnail): void {
    const sessionId = thumbnail.session?.heldSessionId;
    const missed = this.searchHits !== null && (sessionId === undefined || !this.searchHits.has(sessionId));
    thumbnail.root.classList.toggle('thumbnail-no-hit', missed);
  }

  /** Redraw a thumbnail whenever its terminal has parsed output (its session may be new: a launcher connected). */
  private watch(thumbnail: Thumbnail, session: OverviewSession | null): void {
    thumbnail.listeners.dispose();
    thumbnail.listeners = new DisposableStore();
    const id = thumbnail.root.dataset.tabId!;
    thumbnail.listeners.add(listen(thumbnail.root, 'click', () => this.typeInto(id)));
    thumbnail.listeners.add(listen(thumbnail.root, 'dblclick', () => this.close(id)));
    thumbnail.session = session;
    if (session) thumbnail.listeners.add(session.terminal.onWriteParsed(() => this.markDirty(thumbnail)));
    this.showSearchHit(thumbnail);
    this.markDirty(thumbnail);
  }

  private markDirty(thumbnail: Thumbnail): void {
    thumbnail.dirty = true;
    if (this.frame === 0 && !this.disposed) this.frame = requestAnimationFrame(() => this.drawDirty());
  }

  /**
   * Draw the thumbnails that changed, the one being typed into first and then those waiting longest, within a
   * small budget per frame: a flooding tab's thumbnail updates less often, and the page never waits on it.
   */
  private drawDirty(): void {
    this.frame = 0;
    const start = performance.now();
    const changed = [...this.thumbnails.entries()].filter(([, thumbnail]) => thumbnail.dirty).map(([id, { lastDrawn }]) => ({ id, lastDrawn }));
    const plan = redrawOrder(changed, this.typingId, start);
    let more = plan.later.length > 0;
    for (const id of plan.now) {
      if (performance.now() - start > FRAME_BUDGET_MS) {
        more = true;
        break;
      }
      const thumbnail = this.thumbnails.get(id);
      if (thumbnail) this.drawScreen(thumbnail);
    }
    if (more && !this.disposed) this.frame = requestAnimationFrame(() => this.drawDirty());
  }

  /** The tab's rows as a person sees them (predicted echo included), and half-duplex's local line under them. */
  private drawScreen(thumbnail: Thumbnail): void {
    thumbnail.dirty = false;
    thumbnail.lastDrawn = performance.now();
    const session = thumbnail.session;
    const text = session ? session.screen().lines.join('\n') : '';
    if (text !== thumbnail.shownText) {
      thumbnail.screen.textContent = text;
      thumbnail.shownText = text;
    }
    const local = session?.halfDuplex.on ? session.halfDuplex.state() : null;
    const line = local && !local.masked && local.line ? `› ${local.line}` : '';
    thumbnail.localLine.hidden = line === '';
    if (thumbnail.localLine.textContent !== line) thumbnail.localLine.textContent = line;
  }

  /** Each thumbnail's label, host, colour and state in words; its accessible name starts with the tab's title. */
  private showWords(): void {
    const store = this.host.store;
    for (const tab of store.tabs()) {
      const thumbnail = this.thumbnails.get(tab.id);
      if (!thumbnail) continue;
      const session = tab.session;
      const summary = summaryOf(tab.id, session, tab.id === store.activeId);
      const host = session ? hostOf(session.target) : '';
      const state = stateInWords({
        state: summary.state,
        silentForMs: session?.hostSilent ? session.latency().silentForMs : null,
        reconnecting: session?.reconnecting ?? false,
      });
      const label = summary.look ? `${summary.look.label} · ${summary.title}` : summary.title;
      setText(thumbnail.title, label);
      setText(thumbnail.host, host);
      setText(thumbnail.state, state);
      thumbnail.stripe.style.background = summary.look?.color ?? 'transparent';
      const typing = tab.id === this.typingId;
      const name = `${summary.title} — ${[summary.look?.label, host, state].filter(Boolean).join(', ')}${typing ? ', typing here' : ''}`;
      if (thumbnail.root.getAttribute('aria-label') !== name) thumbnail.root.setAttribute('aria-label', name);
      thumbnail.root.classList.toggle('typing', typing);
      thumbnail.root.classList.toggle('ended', summary.state === 'closed');
      thumbnail.root.setAttribute('aria-pressed', String(typing));
      thumbnail.root.style.gridColumn = typing ? `span ${Math.min(2, this.columns)}` : '';
      thumbnail.root.style.gridRow = typing && this.columns > 1 ? 'span 2' : '';
      this.fitText(thumbnail, typing);
    }
  }

  /** The thumbnails' size for the number of tabs and the space; the one typed into is twice as large. */
  private applyLayout(): void {
    const width = this.liveArea.clientWidth || this.region.clientWidth;
    const height = Math.max(120, this.region.clientHeight - CHROME_HEIGHT);
    // The one typed into takes four cells.
    const cells = this.thumbnails.size + (this.thumbnails.size > 1 ? 3 : 0);
    const layout = overviewLayout(cells, { width, height, gap: GAP });
    this.columns = layout.columns;
    this.region.style.setProperty('--thumbnail-width', `${layout.thumbnailWidth}px`);
    this.region.style.setProperty('--thumbnail-height', `${layout.thumbnailHeight}px`);
    this.region.style.setProperty('--overview-gap', `${GAP}px`);
    this.showWords();
  }

  /** The font that fits the tab's columns and rows into its thumbnail. */
  private fitText(thumbnail: Thumbnail, typing: boolean): void {
    const terminal = thumbnail.session?.terminal;
    const width = Number.parseFloat(this.region.style.getPropertyValue('--thumbnail-width')) || 240;
    const scale = typing && this.columns > 1 ? 2 : 1;
    const cols = Math.max(20, terminal?.cols ?? 80);
    const rows = Math.max(5, terminal?.rows ?? 24);
    const height = (width * scale) / (16 / 10) - 24;
    // A monospace cell is about 0.6 em wide and 1.2 em tall.
    const size = Math.max(2, Math.min((width * scale - 12) / (cols * 0.6), height / (rows * 1.2)));
    thumbnail.screen.style.fontSize = `${size.toFixed(2)}px`;
  }

  /** The closed sessions' row, dimmed, each with its last line; clicking one brings it back. */
  private async showClosed(): Promise<void> {
    this.closedRow.replaceChildren(el('h3', { class: 'overview-group-heading' }, 'Closed sessions'));
    let items: ClosedSessionItem[];
    try {
      items = await this.host.closedSessions();
    } catch (error) {
      if (!this.disposed) this.closedRow.append(el('p', { class: 'overview-empty' }, `Could not list closed sessions: ${(error as Error).message}`));
      return;
    }
    if (this.disposed) return;
    if (items.length === 0) {
      this.closedRow.append(el('p', { class: 'overview-empty' }, 'No closed sessions.'));
      return;
    }
    const list = el('div', { class: 'overview-closed-list' });
    for (const item of items) {
      const stripe = el('span', { class: 'thumbnail-stripe', 'aria-hidden': 'true' });
      if (item.color) stripe.style.background = item.color;
      const button = el(
        'button',
        { type: 'button', class: 'closed-session', 'aria-label': `${item.title} — ${hostOf(item.target)}, closed, ${item.when}` },
        stripe,
        el('span', { class: 'thumbnail-label' }, el('span', { class: 'thumbnail-title' }, item.title), el('span', { class: 'thumbnail-host' }, hostOf(item.target)), el('span', { class: 'thumbnail-state' }, item.when)),
        el('pre', { class: 'thumbnail-screen closed-last-line' }, item.lastLine),
      );
      this.disposables.add(
        listen(button, 'click', () => {
          this.dispose();
          item.reopen();
        }),
      );
      list.append(button);
    }
    this.closedRow.append(list);
  }

  /** Make a tab the one typed into; the overview stays open. */
  private typeInto(id: string): void {
    if (this.disposed) return;
    this.typingId = id;
    this.showWords();
    this.focusTyping();
    const thumbnail = this.thumbnails.get(id);
    if (thumbnail) this.markDirty(thumbnail);
  }

  private focusTyping(): void {
    const thumbnail = this.typingId === null ? undefined : this.thumbnails.get(this.typingId);
    for (const other of this.thumbnails.values()) other.root.tabIndex = other === thumbnail ? 0 : -1;
    if (thumbnail) thumbnail.root.focus({ preventScroll: false });
    else this.region.querySelector<HTMLElement>('.overview-close')?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.close();
      return;
    }
    const onThumbnail = (event.target as HTMLElement).classList.contains('thumbnail');
    if (!onThumbnail || this.typingId === null) return;
    if (event.key === 'Enter' && event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      this.close(this.typingId);
      return;
    }
    const direction = DIRECTION_OF_KEY[event.key];
    if (direction && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      this.moveTyping(direction);
      return;
    }
    // The page's own shortcuts (a new tab, the palette, this overview's key) keep working here.
    if (commandFor(event)) return;
    const data = terminalDataFor(event, false);
    if (data === null) return;
    event.preventDefault();
    this.typeIntoTarget((session) => session.terminal.input(data, true));
  }

  private onPaste(event: ClipboardEvent): void {
    const text = event.clipboardData?.getData('text/plain');
    if (!text || !(event.target as HTMLElement).classList.contains('thumbnail')) return;
    event.preventDefault();
    this.typeIntoTarget((session) => session.terminal.paste(text));
  }

  /** Keys go in as if typed into the tab's own terminal, so its features (prediction, half-duplex) see them. */
  private typeIntoTarget(send: (session: OverviewSession) => void): void {
    const thumbnail = this.typingId === null ? undefined : this.thumbnails.get(this.typingId);
    const session = thumbnail?.session;
    if (!thumbnail || !session || session.state !== 'ready') return;
    send(session);
    this.markDirty(thumbnail); // a predicted echo changes the screen before any output comes
  }

  private moveTyping(direction: 'left' | 'right' | 'up' | 'down'): void {
    const current = this.typingId === null ? undefined : this.thumbnails.get(this.typingId);
    if (!current) return;
    const others = [...this.thumbnails.entries()].filter(([, thumbnail]) => thumbnail !== current);
    const index = nearestInDirection(current.root.getBoundingClientRect(), others.map(([, thumbnail]) => thumbnail.root.getBoundingClientRect()), direction);
    const next = others[index];
    if (next) this.typeInto(next[0]);
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
