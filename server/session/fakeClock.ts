// A clock for tests whose time moves only when the test says so: the bridge's timers without sleeping.
import type { Clock } from './hostProbe.js';

export class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  /** Timers not yet run. */
  get pending(): number {
    return this.timers.length;
  }

  /** Move time on by `ms`, running each timer due on the way, in order, with nothing awaited. */
  advanceNow(ms: number): void {
    const end = this.time + ms;
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) next.callback();
    this.time = end;
  }

  /** The same, letting promises settle (`settle`, one microtask by default) before each timer and at the end. */
  async advance(ms: number, settle: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextDue(end);
      if (!next) break;
      next.callback();
    }
    this.time = end;
    await settle();
  }

  /** Take the earliest timer due by `end` and move time to it. */
  private nextDue(end: number): { callback: () => void } | undefined {
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers[0];
    if (!next || next.at > end) return undefined;
    this.timers.shift();
    this.time = next.at;
    return next;
  }
}
