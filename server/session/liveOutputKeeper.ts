// Every few seconds, keeps the recent output of each live session that printed since in the store, in one
// transaction, so a crash of longhaul loses at most those seconds of any session's history.
import type { DurableShellRef, LiveSessionSnapshot } from '../store/liveSessions.js';
import { realClock, type Clock } from '../../shared/clock.js';

/**
 * How often output is kept. Never on the output path: a tick costs one transaction for all the sessions that
 * printed since the last one, each adding only what it printed since (at most its output buffer's size).
 */
export const KEEP_LIVE_OUTPUT_EVERY_MS = 3_000;

/**
 * Output kept per tick across all sessions, so the store's work per tick (which the event loop waits for) stays
 * small whatever floods: 1 MiB took 16–24 ms, 4 MiB 48–70 ms (medians on a loaded 2-core machine; `npm run
 * bench:live-output`). Sessions that printed little are kept whole; floods share the rest and keep their newest output.
 */
export const KEEP_BYTES_PER_TICK = 1024 * 1024;

/** What the keeper reads of a live session. */
export interface LiveOutputSource {
  readonly id: string;
  readonly target: { label: string };
  readonly startedAt: number;
  readonly savedSessionId?: string | undefined;
  /** Output offset one past the newest byte. */
  readonly outputOffset: number;
  /** Output offset of the oldest byte it still holds. */
  readonly outputStartOffset: number;
  readonly isEnded: boolean;
  /** The tmux session its shell runs in, for a durable shell. */
  readonly durable?: DurableShellRef | undefined;
  /** A durable shell taken back from a previous run: its output starts afresh, so what that run kept goes. */
  readonly resumed?: boolean;
  /** Its output from `offset` on, while it still holds it. */
  outputSince(offset: number): Buffer[] | undefined;
}

/** Where the keeper writes. */
export interface LiveOutputStore {
  keep(snapshots: readonly LiveSessionSnapshot[], at: number): void;
}

export interface LiveOutputKeeperOptions {
  clock?: Clock;
  now?: () => number;
  intervalMs?: number;
  /** Output kept per tick across all sessions (default KEEP_BYTES_PER_TICK). */
  bytesPerTick?: number;
  /** Told when keeping fails (once, until it works again) and when it works again. */
  report?: (problem: Error | null) => void;
}

/** The sessions whose output has grown since it was last kept (`keptUpTo`: output offset kept, per session id). */
export function sessionsDue<S extends Pick<LiveOutputSource, 'id' | 'outputOffset' | 'isEnded'>>(
  sessions: Iterable<S>,
  keptUpTo: ReadonlyMap<string, number>,
): S[] {
  const due: S[] = [];
  for (const session of sessions) {
    if (!session.isEnded && session.outputOffset > (keptUpTo.get(session.id) ?? 0)) due.push(session);
  }
  return due;
}

/**
 * Max-min fair shares of `budget` for these wanted sizes: each gets what it wants if that is no more than an even
 * split of what is left, and the biggest split the rest evenly.
 */
export function shareBudget(wanted: readonly number[], budget: number): number[] {
  const shares = wanted.map(() => 0);
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]!);
  let left = Math.max(0, budget);
  order.forEach((index, position) => {
    const share = Math.min(wanted[index]!, Math.floor(left / (order.length - position)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}

export class LiveOutputKeeper {
  private readonly keptUpTo = new Map<string, number>();
  private timer: unknown;
  private failing = false;
  private disposed = false;
  private readonly clock: Clock;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(
    private readonly sessions: () => Iterable<LiveOutputSource>,
    private readonly store: LiveOutputStore,
    private readonly options: LiveOutputKeeperOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? KEEP_LIVE_OUTPUT_EVERY_MS;
  }

  start(): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      try {
        this.keepNow();
      } catch (error) {
        // Whatever went wrong, a timer's exception would take the bridge and every shell down with it.
        this.options.report?.(error instanceof Error ? error : new Error(String(error)));
      }
      this.start();
    }, this.intervalMs);
  }

  /**
   * Keep every session that printed since its output was last kept; returns how many were kept. A failure (disk
   * full, store closed) is reported, never thrown: the shells matter more than their copy, and the next tick tries again.
   */
  keepNow(): number {
    const live = [...this.sessions()];
    const due = sessionsDue(live, this.keptUpTo);
    // Forget sessions that are gone, so the map is as small as the live set.
    const liveIds = new Set(live.map((s) => s.id));
    for (const id of this.keptUpTo.keys()) if (!liveIds.has(id)) this.keptUpTo.delete(id);
    if (due.length === 0) return 0;
    const offsets = due.map((s) => s.outputOffset);
    // Only what is new; if the session let go of some before it was kept (a flood), from its oldest byte.
    const news = due.map((s) => Math.max(this.keptUpTo.get(s.id) ?? 0, s.outputStartOffset));
    const shares = shareBudget(due.map((s, i) => s.outputOffset - news[i]!), this.options.bytesPerTick ?? KEEP_BYTES_PER_TICK);
    try {
      this.store.keep(
        due.map((s, i) => {
          // Over its share, a session keeps only its newest output: the store drops what came before the gap.
          const from = offsets[i]! - shares[i]!;
          const gap = from > news[i]!;
          return {
            liveSessionId: s.id,
            ...(s.durable ? { durable: s.durable } : {}),
            ...(s.resumed && !this.keptUpTo.has(s.id) ? { replacesKept: true } : {}),
            target: s.target.label,
            startedAt: s.startedAt,
            ...(s.savedSessionId ? { savedSessionId: s.savedSessionId } : {}),
            keptFrom: gap ? from : s.outputStartOffset,
            output: { offset: from, bytes: Buffer.concat(s.outputSince(from) ?? []) },
          };
        }),
        this.now(),
      );
    } catch (error) {
      if (!this.failing) this.options.report?.(error instanceof Error ? error : new Error(String(error)));
      this.failing = true;
      return 0;
    }
    due.forEach((s, i) => this.keptUpTo.set(s.id, offsets[i]!));
    if (this.failing) this.options.report?.(null);
    this.failing = false;
    return due.length;
  }

  /** Idempotent. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
