// One latency figure over time: its current value, the last minute of samples (the sparkline) and the session's statistics.
import { LatencyHistogram, type SessionStats } from './histogram.js';

/** A probe's outcome at a moment: its round trip in ms, or null when it was lost (never answered). */
export interface LatencySample {
  atMs: number;
  ms: number | null;
}

/** The sparkline shows the last minute. */
export const SPARKLINE_WINDOW_MS = 60_000;
/**
 * The current value is the median of the last three samples: one stalled probe (a keepalive that waited
 * out a silent spell) does not swing it, and a real change shows within two samples.
 */
export const CURRENT_OF_LAST = 3;
/** Keystrokes can come faster than probes; the sparkline never holds more than this many. */
export const MAX_RECENT_SAMPLES = 600;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export class RollingEstimator {
  private recent: LatencySample[] = [];
  private latest: number[] = [];
  private readonly histogram = new LatencyHistogram();
  private lostCount = 0;
  private lastLost = false;

  /** A probe answered after `ms`; `atMs` is when the answer came. */
  record(ms: number, atMs: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.latest = [...this.latest, ms].slice(-CURRENT_OF_LAST);
    this.histogram.add(ms);
    this.lastLost = false;
    this.push({ atMs, ms });
  }

  /** A probe was never answered: it is counted and drawn, but it is not a sample of the round trip. */
  recordLost(atMs: number): void {
    this.lostCount++;
    this.lastLost = true;
    this.push({ atMs, ms: null });
  }

  private push(sample: LatencySample): void {
    this.recent.push(sample);
    this.prune(sample.atMs);
    if (this.recent.length > MAX_RECENT_SAMPLES) this.recent = this.recent.slice(-MAX_RECENT_SAMPLES);
  }

  private prune(nowMs: number): void {
    const since = nowMs - SPARKLINE_WINDOW_MS;
    const firstKept = this.recent.findIndex((s) => s.atMs >= since);
    if (firstKept === -1) this.recent = [];
    else if (firstKept > 0) this.recent = this.recent.slice(firstKept);
  }

  /** The smoothed current value, or null before the first sample. */
  get current(): number | null {
    return median(this.latest);
  }

  /** Whether the latest probe was lost (its answer never came). */
  get lastWasLost(): boolean {
    return this.lastLost;
  }

  get lost(): number {
    return this.lostCount;
  }

  /** The samples of the last minute before `nowMs`, oldest first. */
  samples(nowMs: number): readonly LatencySample[] {
    this.prune(nowMs);
    return this.recent;
  }

  /** Median, p95 and maximum over every sample so far, or null before the first. */
  stats(): SessionStats | null {
    return this.histogram.stats();
  }
}
