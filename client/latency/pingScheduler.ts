// Probes browser ↔ longhaul: a `ping` every 2 s, timed to its `pong`; a ping never answered counts as lost.
import type { Disposable } from '../util/disposable.js';
import type { Clock } from '../../shared/clock.js';

/** As often as the bridge probes the host, so the two sparklines line up. */
export const PING_INTERVAL_MS = 2_000;
/**
 * A ping unanswered this long is lost. Generous, because a page busy drawing a flood of output answers late;
 * a late pong is not a lost one.
 */
export const PING_LOST_AFTER_MS = 10_000;

export interface PingListener {
  /** A pong came back `ms` after its ping. */
  answered(ms: number): void;
  /** A ping went unanswered for PING_LOST_AFTER_MS. */
  lost(): void;
}

export class PingScheduler implements Disposable {
  private nextId = 1;
  /** Ping id → when it was sent. */
  private readonly outstanding = new Map<number, number>();
  private timer: unknown = null;

  constructor(
    private readonly sendPing: (id: number) => void,
    private readonly listener: PingListener,
    private readonly clock: Clock,
    private readonly intervalMs = PING_INTERVAL_MS,
    private readonly lostAfterMs = PING_LOST_AFTER_MS,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** Pings at once, then every interval, until stopped. Starting a running scheduler changes nothing. */
  start(): void {
    if (this.running) return;
    this.tick();
  }

  private tick(): void {
    this.expire();
    const id = this.nextId++;
    this.outstanding.set(id, this.clock.now());
    this.timer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
    this.sendPing(id);
  }

  private expire(): void {
    const now = this.clock.now();
    for (const [id, sentAt] of this.outstanding) {
      if (now - sentAt < this.lostAfterMs) continue;
      this.outstanding.delete(id);
      this.listener.lost();
    }
  }

  /** The bridge answered ping `id`. A pong for a ping already counted lost, or never sent, is ignored. */
  pong(id: number): void {
    const sentAt = this.outstanding.get(id);
    if (sentAt === undefined) return;
    this.outstanding.delete(id);
    this.listener.answered(this.clock.now() - sentAt);
  }

  /**
   * The connection went away: stop, and forget pings in flight — they were not lost on a live link, the
   * link itself ended (which the tab says in its own words).
   */
  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.outstanding.clear();
  }

  dispose(): void {
    this.stop();
  }
}
