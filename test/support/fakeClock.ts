// A clock for tests: time moves only when the test says so, and due timers run in order as it passes.
import type { Clock } from '../../shared/clock.js';

interface Pending {
  id: number;
  dueAt: number;
  ms: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  /** Milliseconds now; the same as now(), to read in an assertion. */
  get time(): number {
    return this.current;
  }

  now = (): number => this.current;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.pending.push({ id, dueAt: this.current + Math.max(0, ms), ms, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending = this.pending.filter((p) => p.id !== handle);
  };

  /** Timers not yet run. */
  get timerCount(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, running each timer at its due time (timers set meanwhile included), nothing awaited. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (let next = this.takeDue(end); next; next = this.takeDue(end)) next.callback();
    this.current = end;
  }

  /** The same, letting promises settle (`settle`, one microtask by default) before each timer and at the end. */
  async advanceSettling(ms: number, settle: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await settle();
      const next = this.takeDue(end);
      if (!next) break;
      next.callback();
    }
    this.current = end;
    await settle();
  }

  /** Runs the earliest timer, however far off, moving time to it; returns the delay it was set with. */
  runNext(): number {
    const next = this.takeDue(Number.POSITIVE_INFINITY);
    if (!next) throw new Error('nothing scheduled');
    next.callback();
    return next.ms;
  }

  /** Takes the earliest timer due by `end` (the first set, of those due together) and moves time to it. */
  private takeDue(end: number): Pending | undefined {
    let next: Pending | undefined;
    for (const p of this.pending) if (!next || p.dueAt < next.dueAt || (p.dueAt === next.dueAt && p.id < next.id)) next = p;
    if (!next || next.dueAt > end) return undefined;
    this.pending = this.pending.filter((p) => p !== next);
    this.current = next.dueAt;
    return next;
  }
}
