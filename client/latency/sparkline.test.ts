import { describe, expect, it } from 'vitest';
import { sparklineOf } from './sparkline.js';

const box = { width: 60, height: 12, windowMs: 60_000, minScaleMs: 20 };

describe('sparklineOf', () => {
  it('is empty without samples', () => {
    expect(sparklineOf([], 60_000, box)).toEqual({ points: '', lost: [], scaleMs: 20 });
  });

  it('places samples by time across the last minute, higher values higher up', () => {
    const s = sparklineOf(
      [
        { atMs: 0, ms: 100 },
        { atMs: 30_000, ms: 200 },
        { atMs: 60_000, ms: 230 },
      ],
      60_000,
      box,
    );
    expect(s.scaleMs).toBeCloseTo(264.5);
    const points = s.points.split(' ').map((p) => p.split(',').map(Number));
    expect(points.map(([x]) => x)).toEqual([0, 30, 60]);
    const ys = points.map(([, y]) => y!);
    expect(ys[0]).toBeGreaterThan(ys[1]!);
    expect(ys[1]).toBeGreaterThan(ys[2]!);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(1);
  });

  it('leaves out what is older than a minute', () => {
    const s = sparklineOf(
      [
        { atMs: 0, ms: 900 },
        { atMs: 61_000, ms: 10 },
        { atMs: 70_000, ms: 10 },
      ],
      70_000,
      box,
    );
    expect(s.scaleMs).toBe(20);
    expect(s.points.split(' ')).toHaveLength(2);
  });

  it('draws a steady loopback figure as a flat line near the floor', () => {
    const s = sparklineOf(
      [
        { atMs: 58_000, ms: 0.3 },
        { atMs: 60_000, ms: 0.5 },
      ],
      60_000,
      box,
    );
    const ys = s.points.split(' ').map((p) => Number(p.split(',')[1]));
    for (const y of ys) expect(y).toBeGreaterThan(10.5);
  });

  it('shows a single sample as a short line', () => {
    expect(sparklineOf([{ atMs: 60_000, ms: 10 }], 60_000, box).points.split(' ')).toHaveLength(2);
  });

  it('marks lost probes apart from the line', () => {
    const s = sparklineOf(
      [
        { atMs: 30_000, ms: 1 },
        { atMs: 45_000, ms: null },
        { atMs: 60_000, ms: 1 },
      ],
      60_000,
      box,
    );
    expect(s.lost).toEqual([45]);
    expect(s.points.split(' ')).toHaveLength(2);
  });
});
