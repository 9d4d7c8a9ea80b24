// Lines entered in half-duplex mode, kept per host behind a small storage interface (memory, localStorage, the bridge's store).
import { LineHistorySchema } from '../../shared/lineHistory.js';
import { AnyAnswer, HttpClient } from '../http/httpClient.js';

/**
 * Where entered lines are kept, by host (the target as the tab names it: `de1`, `alice@host:2222`).
 * The browser uses `serverLineHistory` (the bridge's store); tests use `memoryLineHistory`. Both methods may be slow (a round trip to the store), hence promises.
 */
export interface LineHistoryStorage {
  /** The host's lines, oldest first. */
  load(host: string): Promise<readonly string[]>;
  /** Records one entered line: skips a repeat of the newest line, then keeps only the newest `limit`. */
  append(host: string, line: string, limit: number): Promise<void>;
}

export interface LineHistoryOptions {
  /** Most lines kept per host. */
  readonly limit?: number;
  /** Longer lines (a huge paste) are not recorded. */
  readonly maxLineLength?: number;
  /** Told when the storage fails; history then still works for this tab, in memory. */
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_HISTORY_LIMIT = 1000;
export const DEFAULT_MAX_HISTORY_LINE_LENGTH = 4096;

/** `lines` with `line` appended, unless it repeats the newest, trimmed to the newest `limit`. */
export function appendBounded(lines: readonly string[], line: string, limit: number): string[] {
  const next = lines.at(-1) === line ? [...lines] : [...lines, line];
  return next.slice(Math.max(0, next.length - Math.max(0, limit)));
}

/**
 * One host's line history as a tab sees it: loaded once when the tab opens, then added to as lines are
 * entered, each addition also appended to the storage (in order, one at a time). Two tabs on the same
 * host each keep their own list, like two shells; a new tab sees what both recorded.
 */
export class LineHistory {
  private lines: string[];
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly storage: LineHistoryStorage,
    readonly host: string,
    initial: readonly string[],
    private readonly options: Required<LineHistoryOptions>,
  ) {
    this.lines = initial.slice(-options.limit);
  }

  /** Loads the host's history; if the storage fails, starts empty (and says so through `onError`). */
  static async open(storage: LineHistoryStorage, host: string, options: LineHistoryOptions = {}): Promise<LineHistory> {
    const resolved: Required<LineHistoryOptions> = {
      limit: options.limit ?? DEFAULT_HISTORY_LIMIT,
      maxLineLength: options.maxLineLength ?? DEFAULT_MAX_HISTORY_LINE_LENGTH,
      onError: options.onError ?? (() => {}),
    };
    let initial: readonly string[] = [];
    try {
      initial = (await storage.load(host)).filter((line) => typeof line === 'string');
    } catch (error) {
      resolved.onError(error);
    }
    return new LineHistory(storage, host, initial, resolved);
  }

  /** The lines, oldest first. */
  get entries(): readonly string[] {
    return this.lines;
  }

  /**
   * Records an entered line. Blank lines, lines starting with a space (bash's `ignorespace`: a way to
   * keep a command out of history), over-long lines and a repeat of the newest line are not recorded.
   * Returns whether the line was recorded.
   */
  add(line: string): boolean {
    if (line.trim() === '' || line.startsWith(' ') || line.length > this.options.maxLineLength) return false;
    if (this.lines.at(-1) === line) return false;
    this.lines = appendBounded(this.lines, line, this.options.limit);
    const { host, storage, options } = this;
    this.writes = this.writes.then(() => storage.append(host, line, options.limit)).catch(options.onError);
    return true;
  }

  /** Resolves once every line added so far has reached the storage (or failed to). */
  flush(): Promise<void> {
    return this.writes;
  }
}

/** History kept in memory only: for tests, and a stand-in when no storage is available. */
export function memoryLineHistory(): LineHistoryStorage & { readonly hosts: ReadonlyMap<string, readonly string[]> } {
  const hosts = new Map<string, readonly string[]>();
  return {
    hosts,
    load: async (host) => [...(hosts.get(host) ?? [])],
    append: async (host, line, limit) => {
      hosts.set(host, appendBounded(hosts.get(host) ?? [], line, limit));
    },
  };
}

/** The bridge's store, over HTTP: history outlasts the browser's storage and follows the user to other browsers. */
export function serverLineHistory(fetchFn: typeof fetch = (...args) => globalThis.fetch(...args)): LineHistoryStorage {
  const http = new HttpClient(fetchFn);
  const url = (host: string) => `/api/line-history/${encodeURIComponent(host)}`;
  return {
    load: async (host) => (await http.get(url(host), LineHistorySchema)).lines,
    // The store bounds and de-duplicates on its side; `limit` is the page's own bound, already applied.
    append: async (host, line) => {
      await http.post(url(host), { line }, AnyAnswer);
    },
  };
}
