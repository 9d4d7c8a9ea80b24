// How long a shell may take to open on a connection before that connection counts as silent for new tabs.

/** Never less than this: a busy host forks a shell slowly, and a slow start is not a dead link. */
export const MIN_SHELL_OPEN_WAIT_MS = 10_000;
/** Opening a shell takes one or two round trips; this many is a generous margin on top. */
export const SHELL_OPEN_ROUND_TRIPS = 5;
/** Round trips remembered per connection; their median sets the bound. */
export const RTT_SAMPLES_KEPT = 8;

/**
 * The wait for a shell on a connection whose recent round trips were `rttSamplesMs` (none measured yet: the minimum).
 * The median, not the slowest: the keepalive answered at the end of a silence "measures" the whole silence.
 */
export function shellOpenDeadlineMs(rttSamplesMs: readonly number[], minimumMs = MIN_SHELL_OPEN_WAIT_MS): number {
  const sorted = [...rttSamplesMs].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  return Math.max(minimumMs, Math.ceil(SHELL_OPEN_ROUND_TRIPS * median));
}

/** Keep the last RTT_SAMPLES_KEPT round trips, newest last. */
export function rememberRtt(samples: number[], rttMs: number): void {
  samples.push(rttMs);
  if (samples.length > RTT_SAMPLES_KEPT) samples.splice(0, samples.length - RTT_SAMPLES_KEPT);
}
