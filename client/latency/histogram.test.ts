import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram.js';

const within = (actual: number | null | undefined, expected: number, relative = 0.006, absolute = 0.06) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(Math.max(absolute, expected * relative));
};

describe('LatencyHistogram', () => {
  it('has no statistics before the first sample', () => {
    expect(new LatencyHistogram().stats()).toBeNull();
  });

  it('reads a single sample back as itself', () => {
    const h = new LatencyHistogram();
    h.add(251.3);
    expect(h.stats()).toEqual({ count: 1, medianMs: 251.3, p95Ms: 251.3, maxMs: 251.3 });
  });

  it('gives median, p95 and an exact maximum', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms++) h.add(ms * 10); // 10, 20, … 1000
    const stats = h.stats()!;
    expect(stats.count).toBe(100);
    within(stats.medianMs, 500);
    within(stats.p95Ms, 950);
    expect(stats.maxMs).toBe(1000);
  });

  it('keeps sub-millisecond loopback times apart', () => {
    const h = new LatencyHistogram();
    for (const ms of [0.2, 0.3, 0.3, 0.4, 2.5]) h.add(ms);
    within(h.quantile(0.5), 0.3, 0, 0.06);
    expect(h.stats()!.maxMs).toBe(2.5);
  });

  it('is not moved much by one stalled probe, though the maximum shows it', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 40; i++) h.add(250 + (i % 3));
    h.add(8_100);
    const stats = h.stats()!;
    within(stats.medianMs, 251);
    within(stats.p95Ms, 252);
    expect(stats.maxMs).toBe(8_100);
  });

  it('ignores values that are not times', () => {
    const h = new LatencyHistogram();
    h.add(Number.NaN);
    h.add(-1);
    h.add(Number.POSITIVE_INFINITY);
    expect(h.count).toBe(0);
  });

  it('agrees with an exact nearest-rank quantile to within half a percent', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const h = new LatencyHistogram();
        for (const v of values) h.add(v);
        const sorted = [...values].sort((a, b) => a - b);
        const exact = sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
        const got = h.quantile(q)!;
        return Math.abs(got - exact) <= Math.max(0.05 + 1e-9, exact * 0.0051);
      }),
    );
  });
});
