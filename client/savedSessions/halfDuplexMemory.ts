// Which shells had half-duplex on, by live session id, so a tab that comes back to one — a reload, a reopened
// tab, a reopen from history — is in the mode it was left in.

export const HALF_DUPLEX_MEMORY_KEY = 'longhaul.halfDuplexSessions';
/** Sessions remembered; the oldest are forgotten first. */
export const HALF_DUPLEX_MEMORY_SIZE = 200;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

export class HalfDuplexMemory {
  constructor(private readonly storage: KeyValueStorage) {}

  private read(): string[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(HALF_DUPLEX_MEMORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return []; // unreadable: nothing remembered
    }
  }

  /** The tab on live session `sessionId` has half-duplex `on` now. */
  remember(sessionId: string, on: boolean): void {
    const ids = this.read().filter((id) => id !== sessionId);
    if (on) ids.push(sessionId);
    try {
      this.storage?.setItem(HALF_DUPLEX_MEMORY_KEY, JSON.stringify(ids.slice(-HALF_DUPLEX_MEMORY_SIZE)));
    } catch {
      // storage full or blocked: the mode is simply not carried over
    }
  }

  /** Whether half-duplex was on when the tab on `sessionId` was last seen; undefined when not known. */
  wasOn(sessionId: string | undefined): boolean | undefined {
    if (sessionId === undefined) return undefined;
    return this.read().includes(sessionId) ? true : undefined;
  }
}

/** The page's memory, in localStorage (a reopen from history may come a day later). */
export function pageHalfDuplexMemory(): HalfDuplexMemory {
  try {
    return new HalfDuplexMemory(window.localStorage);
  } catch {
    return new HalfDuplexMemory(null); // storage blocked for this origin
  }
}
