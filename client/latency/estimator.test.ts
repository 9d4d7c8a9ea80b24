import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { MAX_RECENT_SAMPLES, RollingEstimator, SPARKLINE_WINDOW_MS } from './estimator.js';

describe('RollingEstimator', () => {
  it('has no value, samples or statistics before the first sample', () => {
    const e = new RollingEstimator();
    expect(e.current).toBeNull();
    expect(e.samples(0)).toEqual([]);
    expect(e.stats()).toBeNull();
  });

  it('shows the first sample at once', () => {
    const e = new RollingEstimator();
    e.record(251, 1_000);
    expect(e.current).toBe(251);
  });

  it('smooths with the median of the last three, so one stalled keepalive does not swing it', () => {
    const clock = new FakeClock(1_000);
    const e = new RollingEstimator();
    const every2s = (ms: number) => {
      clock.advance(2_000);
      e.record(ms, clock.now());
    };
    every2s(250);
    every2s(252);
    every2s(8_130); // the keepalive that waited out a silent spell
    expect(e.current).toBe(252);
    every2s(251);
    expect(e.current).toBe(252); // 252, 8130, 251
    every2s(249);
    expect(e.current).toBe(251); // 8130, 251, 249
    // …but the session's maximum tells the truth about it.
    expect(e.stats()!.maxMs).toBe(8_130);
  });

  it('follows a real change within two samples', () => {
    const e = new RollingEstimator();
    for (const [i, ms] of [250, 250, 250, 600, 600].entries()) e.record(ms, i * 2_000);
    expect(e.current).toBe(600);
  });

  it('keeps only the last minute for the sparkline', () => {
    const clock = new FakeClock(0);
    const e = new RollingEstimator();
    for (let i = 0; i < 40; i++) {
      e.record(10 + i, clock.now());
      clock.advance(2_000);
    }
    // Samples at 0, 2 s, … 78 s; now is 80 s, so the window starts at 20 s.
    const samples = e.samples(clock.now());
    expect(samples[0]).toEqual({ atMs: 20_000, ms: 20 });
    expect(samples.at(-1)).toEqual({ atMs: 78_000, ms: 49 });
    expect(samples).toHaveLength(30);
    expect(e.samples(clock.now() + SPARKLINE_WINDOW_MS + 1)).toEqual([]);
    // The statistics still cover the whole session.
    expect(e.stats()!.count).toBe(40);
  });

  it('bounds the sparkline when keystrokes come fast', () => {
    const e = new RollingEstimator();
    for (let i = 0; i < MAX_RECENT_SAMPLES + 50; i++) e.record(40, i);
    expect(e.samples(MAX_RECENT_SAMPLES + 50)).toHaveLength(MAX_RECENT_SAMPLES);
  });

  it('counts a lost probe and draws it, but never as a sample of the round trip', () => {
    const e = new RollingEstimator();
    e.record(0.5, 0);
    e.recordLost(2_000);
    expect(e.current).toBe(0.5);
    expect(e.lastWasLost).toBe(true);
    expect(e.lost).toBe(1);
    expect(e.stats()).toEqual({ count: 1, medianMs: 0.5, p95Ms: 0.5, maxMs: 0.5 });
    expect(e.samples(2_000)).toEqual([
      { atMs: 0, ms: 0.5 },
      { atMs: 2_000, ms: null },
    ]);
    e.record(0.6, 4_000);
    expect(e.lastWasLost).toBe(false);
  });

  it('ignores values that are not round trips', () => {
    const e = new RollingEstimator();
    e.record(-3, 0);
    e.record(Number.NaN, 0);
    expect(e.current).toBeNull();
  });
});
