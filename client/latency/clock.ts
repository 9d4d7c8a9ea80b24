// Time for the latency tools: a monotonic "now" and one-shot timers, injected so every decision is tested with a fake clock.
import { browserTimers, type Timers } from '../util/latestDebounce.js';

export interface LatencyClock extends Timers {
  /** Milliseconds on a monotonic clock (performance.now() in the page). */
  now(): number;
}

export const browserClock: LatencyClock = {
  now: () => performance.now(),
  setTimeout: browserTimers.setTimeout,
  clearTimeout: browserTimers.clearTimeout,
};
