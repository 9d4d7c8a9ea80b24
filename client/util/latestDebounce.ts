// Delivers only the latest of a burst of values, a moment after the burst ends — or at once when asked to flush.
import { realClock, type Timers } from '../../shared/clock.js';
import type { Disposable } from './disposable.js';

export class LatestDebounce<T> implements Disposable {
  private pending: { value: T } | null = null;
  private timer: unknown = null;

  constructor(
    private readonly delayMs: number,
    private readonly deliver: (value: T) => void,
    private readonly timers: Timers = realClock,
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => this.flush(), this.delayMs);
  }

  /** Deliver the waiting value now, if there is one. */
  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending) this.deliver(pending.value);
  }

  /** Drop the waiting value; later pushes work as before. */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  dispose(): void {
    this.cancel();
  }
}
