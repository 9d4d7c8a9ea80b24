// Smoothed keystroke → echo time, the way TCP smooths its round-trip time (RFC 6298), as pure functions.

export interface EchoTimes {
  /** Smoothed time in ms; undefined before the first sample. */
  readonly smoothed: number | undefined;
  /** Smoothed mean deviation in ms. */
  readonly deviation: number | undefined;
  /** The latest samples, oldest first, at most `RECENT_SAMPLES`. */
  readonly recent: readonly number[];
  readonly count: number;
}

/** How many samples the latency overlay can show. */
export const RECENT_SAMPLES = 32;

// RFC 6298's gains: a new sample moves the average by 1/8 and the deviation by 1/4.
const ALPHA = 1 / 8;
const BETA = 1 / 4;

export const NO_ECHO_TIMES: EchoTimes = Object.freeze({
  smoothed: undefined,
  deviation: undefined,
  recent: Object.freeze([]) as readonly number[],
  count: 0,
});

export function addEchoSample(times: EchoTimes, sampleMs: number): EchoTimes {
  const sample = Math.max(0, sampleMs);
  const recent = [...times.recent, sample].slice(-RECENT_SAMPLES);
  if (times.smoothed === undefined || times.deviation === undefined) {
    return { smoothed: sample, deviation: sample / 2, recent, count: times.count + 1 };
  }
  const deviation = (1 - BETA) * times.deviation + BETA * Math.abs(times.smoothed - sample);
  const smoothed = (1 - ALPHA) * times.smoothed + ALPHA * sample;
  return { smoothed, deviation, recent, count: times.count + 1 };
}
