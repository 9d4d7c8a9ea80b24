// A clock for tests: time moves only when the test says so, and due timers run in order as it passes.
import type { LatencyClock } from './clock.js';

interface Pending {
  id: number;
  dueAt: number;
  callback: () => void;
}

export class FakeClock implements LatencyClock {
  private time: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(startMs = 1_000) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, dueAt: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /** Timers not yet run. */
  get timerCount(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, running each timer at its due time (timers set meanwhile included). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.pending.reduce<Pending | undefined>((a, p) => (!a || p.dueAt < a.dueAt || (p.dueAt === a.dueAt && p.id < a.id) ? p : a), undefined);
      if (!next || next.dueAt > end) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.time = next.dueAt;
      next.callback();
    }
    this.time = end;
  }
}
