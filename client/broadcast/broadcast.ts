// Broadcast input: while it is on, keys typed into one of the tabs in view go to all of them, each through its own input features.
import { isTerminalReport } from '../halfDuplex/terminalReports.js';
import type { KeyValueStore } from '../tabs/tabMemory.js';
import { toDisposable, type Disposable } from '../util/disposable.js';

/** What broadcasting needs of a tab of the page. */
export interface BroadcastTab {
  readonly id: string;
  /** The bridge's id for its shell: what a left-out tab is remembered by across a reload. */
  readonly sessionId: string | undefined;
  /** The host group it was opened with (Open group), if any. */
  readonly group: string | undefined;
  /** Has a shell that takes keys. */
  readonly ready: boolean;
  /** Types `data` into the tab as if typed there: its own features (predictive echo, half-duplex) see it. */
  type(data: string): void;
}

/** Where the page's tabs are, for broadcasting. */
export interface BroadcastTabs {
  all(): BroadcastTab[];
  active(): BroadcastTab | undefined;
}

/** What one tab shows of broadcasting. */
export interface BroadcastView {
  /** Broadcasting is on (for the tabs in view). */
  on: boolean;
  /** Broadcasting is on and this tab is among the tabs in view. */
  inView: boolean;
  /** Keys typed here go to the others, and theirs come here. */
  reaches: boolean;
  /** How many tabs keys reach (this one included, if it is reached). */
  tabs: number;
}

const STORAGE_KEY = 'longhaul.broadcast';
/** Left-out tabs remembered, at most (a window with more tabs than this is not a thing). */
const MAX_LEFT_OUT = 256;

export class Broadcast {
  private isOn = false;
  /** Tabs left out, by session id (or tab id before the tab has a shell). */
  private readonly leftOut = new Set<string>();
  /** A key being sent on to the other tabs: what they see of it must not be sent on again. */
  private relaying = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly tabs: BroadcastTabs,
    /** Per window (sessionStorage): a reload keeps it, another window does not share it. */
    private readonly storage: KeyValueStore,
    /** Broadcasting was turned on or off, or a tab left out or taken back (the tab strip redraws). */
    private readonly onChange: () => void = () => {},
  ) {
    this.load();
  }

  get on(): boolean {
    return this.isOn;
  }

  toggle(): void {
    this.isOn = !this.isOn;
    this.changed();
  }

  /**
   * The tabs broadcasting is for: those of the active tab's group when it was opened with one (Open group), else
   * every tab of the window.
   */
  inView(): BroadcastTab[] {
    const all = this.tabs.all();
    const group = this.tabs.active()?.group;
    return group === undefined ? all : all.filter((tab) => tab.group === group);
  }

  /** The tabs keys typed in any of them reach now. */
  reached(): BroadcastTab[] {
    if (!this.isOn) return [];
    return this.inView().filter((tab) => !this.leftOut.has(keyOf(tab)));
  }

  view(tabId: string): BroadcastView {
    const inView = this.isOn && this.inView().some((tab) => tab.id === tabId);
    const reached = this.reached();
    return { on: this.isOn, inView, reaches: reached.some((tab) => tab.id === tabId), tabs: reached.length };
  }

  /** Leave a tab out (`out`), or take it back in. */
  leaveOut(tabId: string, out: boolean): void {
    const tab = this.tabs.all().find((candidate) => candidate.id === tabId);
    if (!tab) return;
    if (out) this.leftOut.add(keyOf(tab));
    else this.leftOut.delete(keyOf(tab));
    this.changed();
  }

  /**
   * A string typed into tab `fromId`, before its own features see it: sent on to every other tab reached, if this
   * one is reached. The terminal's own answers to its host (cursor reports, colours) are that tab's alone.
   */
  typed(fromId: string, data: string): void {
    if (this.relaying || !this.isOn || isTerminalReport(data)) return;
    const reached = this.reached();
    if (!reached.some((tab) => tab.id === fromId)) return;
    this.relaying = true;
    try {
      for (const tab of reached) if (tab.id !== fromId && tab.ready) tab.type(data);
    } finally {
      this.relaying = false;
    }
  }

  /** Told after every change of what broadcasting reaches; the tabs themselves changing is the page's to tell. */
  subscribe(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  /** The tabs changed (opened, closed, a shell came, another tab is active): tell whoever shows broadcasting. */
  tabsChanged(): void {
    if (this.isOn) for (const listener of [...this.listeners]) listener();
  }

  private changed(): void {
    this.save();
    for (const listener of [...this.listeners]) listener();
    this.onChange();
  }

  private load(): void {
    try {
      const saved = JSON.parse(this.storage.getItem(STORAGE_KEY) ?? 'null') as { on?: unknown; leftOut?: unknown } | null;
      this.isOn = saved?.on === true;
      if (Array.isArray(saved?.leftOut)) for (const key of saved.leftOut.slice(0, MAX_LEFT_OUT)) if (typeof key === 'string') this.leftOut.add(key);
    } catch {
      // Damaged or foreign data: broadcasting starts off, as it does in a new window.
    }
  }

  private save(): void {
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify({ on: this.isOn, leftOut: [...this.leftOut].slice(-MAX_LEFT_OUT) }));
    } catch {
      // Storage full or disabled: broadcasting works, a reload just starts it off.
    }
  }
}

function keyOf(tab: BroadcastTab): string {
  return tab.sessionId ?? tab.id;
}
