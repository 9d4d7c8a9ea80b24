// Time and timers, injected wherever a decision depends on them, so each is tested with a fake clock instead of sleeping.

/** The page's and the bridge's one clock: a monotonic "now" and one-shot timers. */
export interface Clock {
  /** Milliseconds on a monotonic clock (performance.now()). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** For what only waits (a debounce, a reconnect), not what measures. */
export type Timers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/**
 * What a browser and Node both give every script. Written out here because shared/ is compiled with neither's types;
 * looked up at each call, so a test's fake timers still take over.
 */
interface HostTime {
  performance: { now(): number };
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const host = globalThis as unknown as HostTime;

/** The real clock, in the page and in the bridge. */
export const realClock: Clock = {
  now: () => host.performance.now(),
  setTimeout: (callback, ms) => host.setTimeout(callback, ms),
  clearTimeout: (handle) => host.clearTimeout(handle),
};
