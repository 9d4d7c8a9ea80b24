// Every tab of the page and the session it shows, in strip order: the one place views over sessions read and watch.
import { addTab, closeTab, emptyTabList, type TabListState } from '../tabs/tabList.js';
import { toDisposable, type Disposable } from '../util/disposable.js';
import { summaryOf, type SessionSummary, type TabSession } from './tabSession.js';

/** What the store needs of a tab; the page adds its own parts (its panel, the launcher's draft). */
export interface StoredTab {
  readonly id: string;
  /** Null while the tab shows the launcher. */
  readonly session: TabSession | null;
}

/**
 * Holds the tabs, their order and which is active, and tells whoever subscribed after every change. Views (the
 * tab strip, what a reload brings back, the page's title, `window.longhaul`) subscribe here rather than being
 * called by the page, so a new view over sessions needs no change to the page.
 *
 * A change made inside `batch` is announced once, when the outermost batch ends: listeners see a finished state.
 */
export class SessionStore<Tab extends StoredTab = StoredTab> {
  private list: TabListState = emptyTabList;
  private readonly byId = new Map<string, Tab>();
  private readonly listeners = new Set<() => void>();
  private batchDepth = 0;
  private pending = false;

  /** Called after every change, until the returned disposable is disposed. */
  subscribe(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  /** The order of the tabs and which one is active. */
  get order(): TabListState {
    return this.list;
  }

  get activeId(): string | null {
    return this.list.activeId;
  }

  /** Every tab, in strip order. */
  tabs(): Tab[] {
    return this.list.ids.map((id) => this.byId.get(id)!);
  }

  tab(id: string): Tab | undefined {
    return this.byId.get(id);
  }

  active(): Tab | undefined {
    return this.list.activeId === null ? undefined : this.byId.get(this.list.activeId);
  }

  /** The tab showing (or attaching to) the bridge's shell `sessionId`. */
  withSession(sessionId: string): Tab | undefined {
    return this.tabs().find((tab) => tab.session?.heldSessionId === sessionId);
  }

  /** 1-based position in the strip, as the tab's number shows it; 0 when it is not here. */
  numberOf(id: string): number {
    return this.list.ids.indexOf(id) + 1;
  }

  /** Every tab as plain data, in strip order. */
  summaries(): SessionSummary[] {
    return this.tabs().map((tab) => summaryOf(tab.id, tab.session, tab.id === this.list.activeId));
  }

  /** A new tab at the end of the strip, made active. */
  add(tab: Tab): void {
    this.list = addTab(this.list, tab.id);
    this.byId.set(tab.id, tab);
    this.changed();
  }

  /** Take a tab out; its right neighbour (else its left one) becomes active if it was. */
  remove(id: string): void {
    if (!this.byId.has(id)) return;
    this.list = closeTab(this.list, id);
    this.byId.delete(id);
    this.changed();
  }

  /** Another order or active tab, as computed by one of tabList's moves. */
  reorder(next: TabListState): void {
    if (next.ids.length !== this.list.ids.length || next.ids.some((id) => !this.byId.has(id))) {
      throw new Error('a reorder must keep the same tabs');
    }
    if (next === this.list) return this.changed();
    this.list = next;
    this.changed();
  }

  /** Something about a tab changed (its session's state, title, mode): tell the views. */
  changed(): void {
    if (this.batchDepth > 0) {
      this.pending = true;
      return;
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** Run `change`, telling the views once at the end rather than after each step. */
  batch<T>(change: () => T): T {
    this.batchDepth++;
    try {
      return change();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0 && this.pending) {
        this.pending = false;
        this.changed();
      }
    }
  }
}
