// What the page remembers of its tabs: those open in this window (to bring back after a reload) and those
// recently closed (to reopen). Only bridge session ids, targets and tab looks — never anything typed.
import { lookFrom, type SessionLook } from '../savedSessions/tabLook.js';

export interface RememberedTab {
  sessionId: string;
  target: string;
  title: string;
  /** The saved session the tab came from (its label and colour), so it comes back looking the same. */
  look?: SessionLook;
  /** The history entry the tab shows above its shell (it was brought back from history), to show it again. */
  historyId?: number;
  /** The host group it was opened with, so it comes back in its group. */
  group?: string;
}

export interface ClosedTab extends RememberedTab {
  closedAt: number;
}

/** The part of Storage we use, so tests pass a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reopenable tabs are listed newest first, this many at most (the bridge forgets older ones anyway). */
export const MAX_RECENTLY_CLOSED = 10;
const OPEN_KEY = 'longhaul.openTabs';
const CLOSED_KEY = 'longhaul.recentlyClosed';

function isTab(value: unknown): value is RememberedTab {
  const v = value as RememberedTab;
  return typeof v === 'object' && v !== null && typeof v.sessionId === 'string' && typeof v.target === 'string' && typeof v.title === 'string';
}

function read<T extends RememberedTab>(store: KeyValueStore, key: string, extra: (v: T) => boolean = () => true): T[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((v): v is T => isTab(v) && extra(v as T)).map((tab) => withLook(tab));
  } catch {
    return []; // damaged or foreign data: start afresh rather than fail the page
  }
}

/** Drop a damaged look or history id rather than the tab. */
function withLook<T extends RememberedTab>(tab: T): T {
  const look = lookFrom(tab.look);
  const { look: _ignored, historyId, group, ...rest } = tab;
  const history = Number.isSafeInteger(historyId) ? { historyId } : {};
  const inGroup = typeof group === 'string' && group.length > 0 && group.length <= 128 ? { group } : {};
  return (look ? { ...rest, ...history, ...inGroup, look } : { ...rest, ...history, ...inGroup }) as T;
}

function write(store: KeyValueStore, key: string, value: unknown): void {
  try {
    store.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the page still works, it just won't remember.
  }
}

export class TabMemory {
  constructor(
    /** Per window: a reload brings back this window's tabs, and a new window starts empty. */
    private readonly windowStore: KeyValueStore,
    /** Per browser: recently closed tabs can be reopened from any window. */
    private readonly browserStore: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The tabs to bring back after a reload, in order. */
  openTabs(): RememberedTab[] {
    return read(this.windowStore, OPEN_KEY);
  }

  rememberOpenTabs(tabs: RememberedTab[]): void {
    write(
      this.windowStore,
      OPEN_KEY,
      tabs.map(({ sessionId, target, title, look, historyId, group }) => ({
        sessionId,
        target,
        title,
        ...(look ? { look } : {}),
        ...(historyId !== undefined ? { historyId } : {}),
        ...(group !== undefined ? { group } : {}),
      })),
    );
  }

  recentlyClosed(): ClosedTab[] {
    return read<ClosedTab>(this.browserStore, CLOSED_KEY, (v) => typeof v.closedAt === 'number');
  }

  closed(tab: RememberedTab): void {
    const others = this.recentlyClosed().filter((c) => c.sessionId !== tab.sessionId);
    write(this.browserStore, CLOSED_KEY, [{ ...tab, closedAt: this.now() }, ...others].slice(0, MAX_RECENTLY_CLOSED));
  }

  /** Take a closed tab off the list to reopen it: the newest, or the one with this session id. */
  takeClosed(sessionId?: string): ClosedTab | undefined {
    const list = this.recentlyClosed();
    const index = sessionId === undefined ? 0 : list.findIndex((c) => c.sessionId === sessionId);
    const taken = list[index];
    if (!taken) return undefined;
    list.splice(index, 1);
    write(this.browserStore, CLOSED_KEY, list);
    return taken;
  }
}
