// A sparkline's geometry: the last minute of samples as points in a small box, lost probes as marks along the top.
import type { LatencySample } from './estimator.js';

export interface SparklineBox {
  width: number;
  height: number;
  windowMs: number;
  /** The scale never goes below this, so a steady loopback figure is a flat line near the floor, not magnified noise. */
  minScaleMs: number;
}

export interface Sparkline {
  /** SVG polyline points, "x,y x,y …"; empty without samples. */
  points: string;
  /** x of each lost probe. */
  lost: number[];
  /** The value at the top of the box. */
  scaleMs: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function sparklineOf(samples: readonly LatencySample[], nowMs: number, box: SparklineBox): Sparkline {
  const start = nowMs - box.windowMs;
  const visible = samples.filter((s) => s.atMs >= start && s.atMs <= nowMs);
  const values = visible.flatMap((s) => (s.ms === null ? [] : [s.ms]));
  // 15% headroom so the highest point is not drawn on the edge.
  const scaleMs = Math.max(box.minScaleMs, ...values.map((v) => v * 1.15));
  const xOf = (atMs: number) => round(((atMs - start) / box.windowMs) * box.width);
  // One pixel is kept free at top and bottom for the stroke.
  const yOf = (ms: number) => round(box.height - 1 - (Math.min(ms, scaleMs) / scaleMs) * (box.height - 2));
  const points = visible.flatMap((s) => (s.ms === null ? [] : [`${xOf(s.atMs)},${yOf(s.ms)}`]));
  // A single sample is a short level line, so it shows at all.
  if (points.length === 1) {
    const only = visible.find((s) => s.ms !== null)!;
    points.unshift(`${Math.max(0, xOf(only.atMs) - 3)},${yOf(only.ms!)}`);
  }
  return {
    points: points.join(' '),
    lost: visible.flatMap((s) => (s.ms === null ? [xOf(s.atMs)] : [])),
    scaleMs,
  };
}
