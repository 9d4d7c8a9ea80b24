// Connections kept up with no tab on them (saved sessions marked Keep connected): made at once, and again after a drop or a failure, with backoff.
import type { Clock } from '../../shared/clock.js';
import { reconnectDelayMs } from '../durable/reconnectBackoff.js';

/** A route to keep connected: its pool key, and how to make (or find) its connection without asking anyone anything. */
export interface KeptRoute {
  key: string;
  /** The target as the user saved it, for sentences. */
  label: string;
  /** Resolves once the route has a connection that is up; rejects when one cannot be made now. */
  connect(): Promise<void>;
}

interface Kept {
  route: KeptRoute;
  /** Failed tries since the last connection that came up: the next waits reconnectDelayMs(attempt). */
  attempt: number;
  timer: unknown;
  trying: boolean;
}

export class KeptConnections {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly clock: Clock,
    /** Told why a try failed (an unknown host key, a key with a passphrase, a host down), once per run of failures. */
    private readonly failed: (label: string, error: Error) => void = () => {},
  ) {}

  has(key: string): boolean {
    return this.kept.has(key);
  }

  /** Keep exactly these routes connected; returns the keys no longer kept, whose idle connections may go. */
  set(routes: readonly KeptRoute[]): string[] {
    const wanted = new Map(routes.map((route) => [route.key, route]));
    const dropped: string[] = [];
    for (const [key, kept] of this.kept) {
      if (wanted.has(key)) continue;
      if (kept.timer !== undefined) this.clock.clearTimeout(kept.timer);
      this.kept.delete(key);
      dropped.push(key);
    }
    for (const [key, route] of wanted) {
      const existing = this.kept.get(key);
      if (existing) {
        existing.route = route; // a changed saved session: the next try uses its settings
        continue;
      }
      const kept: Kept = { route, attempt: 0, timer: undefined, trying: false };
      this.kept.set(key, kept);
      this.schedule(kept);
    }
    return dropped;
  }

  /** The route's connection went: make it again (at once, as most drops are over by then; then with backoff). */
  lost(key: string): void {
    const kept = this.kept.get(key);
    if (kept && kept.timer === undefined && !kept.trying) this.schedule(kept);
  }

  dispose(): void {
    for (const kept of this.kept.values()) if (kept.timer !== undefined) this.clock.clearTimeout(kept.timer);
    this.kept.clear();
  }

  private schedule(kept: Kept): void {
    kept.timer = this.clock.setTimeout(() => {
      kept.timer = undefined;
      if (this.kept.get(kept.route.key) !== kept) return;
      kept.trying = true;
      kept.route.connect().then(
        () => {
          kept.trying = false;
          kept.attempt = 0;
        },
        (error: unknown) => {
          kept.trying = false;
          if (kept.attempt === 0) this.failed(kept.route.label, error instanceof Error ? error : new Error(String(error)));
          kept.attempt++;
          if (this.kept.get(kept.route.key) === kept) this.schedule(kept);
        },
      );
    }, reconnectDelayMs(kept.attempt));
  }
}
