// The connection timeline as a waterfall: one bar per stretch between the bridge's steps, saying what went on in it.
import { formatTick } from './format.js';

/** A step of connecting as the bridge reports it: `atMs` since the page asked to connect. */
export interface TimelineStep {
  name: string;
  atMs: number;
  detail?: string | undefined;
}

/** What kind of work a stretch was, for its colour: the network, SSH's handshake, logging in, the shell, or waiting for the user. */
export type StretchKind = 'network' | 'handshake' | 'auth' | 'shell' | 'user' | 'other';

export interface WaterfallBar {
  /** The step that ends this stretch, as the bridge named it. */
  step: string;
  /** What went on during the stretch, in words. */
  label: string;
  kind: StretchKind;
  /** The bridge's detail for the stretch (an auth attempt's key file, the address connected to). */
  detail: string | undefined;
  startMs: number;
  endMs: number;
  durationMs: number;
}

export interface Waterfall {
  bars: WaterfallBar[];
  /** When the last step happened (the axis ends here, or at the last tick past it). */
  totalMs: number;
  /** Where the axis has tick marks: round numbers from 0. */
  ticks: number[];
  /** The axis's end: the first tick at or past totalMs. */
  axisMs: number;
}

/** `de1: none` → `none`; `de1: key /home/me/.ssh/id_ed25519` → `key id_ed25519` (the whole path is in the tooltip). */
function methodOf(step: TimelineStep | undefined): string {
  const detail = step?.detail ?? '';
  const colon = detail.indexOf(': ');
  const method = colon === -1 ? detail : detail.slice(colon + 2);
  return method.replace(/^key .*[/\\]/, 'key ');
}

/**
 * Steps are moments; the interesting part is what happened between them. An `auth` step is the moment a
 * method is tried, so the stretch that *follows* it is that method's time.
 */
function describe(step: TimelineStep, previous: TimelineStep | undefined): { label: string; kind: StretchKind } {
  if (previous?.name === 'auth') {
    const method = methodOf(previous);
    return { label: method ? `auth: ${method}` : 'auth', kind: 'auth' };
  }
  // Tabs opened together share one login: the later ones wait for the first tab's.
  if (previous?.name === 'waiting-for-connection') return { label: "another tab's login", kind: 'other' };
  switch (step.name) {
    case 'lookup':
      return { label: 'name lookup', kind: 'network' };
    case 'tcp-connected':
      return { label: 'TCP connect', kind: 'network' };
    case 'host-key-received':
      return { label: 'SSH handshake', kind: 'handshake' };
    case 'host-key-verified':
      return { label: 'host key check', kind: 'handshake' };
    case 'host-key-trusted':
      return { label: 'you checked the host key', kind: 'user' };
    case 'auth':
      return { label: 'key exchange', kind: 'handshake' };
    case 'authenticated':
      return { label: 'authentication', kind: 'auth' };
    case 'waiting-for-connection':
      return { label: 'reading the ssh config', kind: 'other' };
    case 'reused-connection':
      // Another tab's connection to the same user@host:port was already logged in: no handshake, no login.
      return { label: 'reused a logged-in connection', kind: 'network' };
    case 'shell-open':
      return { label: 'opening the shell', kind: 'shell' };
    case 'first-byte':
      return { label: 'first output', kind: 'shell' };
    default:
      return { label: step.name, kind: 'other' };
  }
}

/** 1, 2 or 5 times a power of ten, so that the axis has at most `maxTicks` intervals. */
export function tickStep(totalMs: number, maxTicks = 4): number {
  if (!(totalMs > 0)) return 1;
  const raw = totalMs / maxTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

/** How wide the axis is drawn (px): the expanded overlay's track column, as latency.css lays it out. */
export const AXIS_WIDTH_PX = 160;
/** An axis label's width (px) at the tick font (9px): a generous average glyph width, so labels never touch. */
export const tickLabelWidth = (text: string): number => text.length * 5.6;
/** Clear space kept between two labels (px). */
const TICK_GAP_PX = 6;

/**
 * Whether the labels of `ticks` (ms) fit on an axis `widthPx` wide ending at `axisMs` without overlapping. The
 * first label starts at its tick, the last ends at its tick, the others are centred on theirs (as latency.css).
 */
export function ticksFit(ticks: readonly number[], axisMs: number, widthPx: number, label: (ms: number) => string): boolean {
  let previousEnd = Number.NEGATIVE_INFINITY;
  for (const [i, tick] of ticks.entries()) {
    const x = (tick / axisMs) * widthPx;
    const width = tickLabelWidth(label(tick));
    const start = i === 0 ? x : i === ticks.length - 1 ? x - width : x - width / 2;
    if (start < previousEnd + TICK_GAP_PX) return false;
    previousEnd = start + width;
  }
  return true;
}

function ticksFor(totalMs: number, step: number): { ticks: number[]; axisMs: number } {
  const axisMs = Math.max(step, Math.ceil(totalMs / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= axisMs + step / 1000; t += step) ticks.push(Math.round(t * 1000) / 1000);
  return { ticks, axisMs };
}

/**
 * The finest round step (at most 4 intervals) whose labels fit the axis; fewer, wider intervals otherwise
 * (two ticks, 0 and the end, always fit).
 */
function axisOf(totalMs: number, widthPx: number, label: (ms: number) => string): { ticks: number[]; axisMs: number } {
  let fallback = ticksFor(totalMs, tickStep(totalMs, 1));
  for (let maxTicks = 4; maxTicks >= 1; maxTicks--) {
    const axis = ticksFor(totalMs, tickStep(totalMs, maxTicks));
    if (ticksFit(axis.ticks, axis.axisMs, widthPx, label)) return axis;
    fallback = axis;
  }
  return fallback;
}

export function waterfallOf(steps: readonly TimelineStep[], widthPx = AXIS_WIDTH_PX, label: (ms: number) => string = formatTick): Waterfall {
  const bars: WaterfallBar[] = [];
  let startMs = 0;
  steps.forEach((step, i) => {
    const endMs = Math.max(startMs, step.atMs);
    const previous = steps[i - 1];
    const detail = previous?.name === 'auth' ? previous.detail : step.detail;
    bars.push({ step: step.name, ...describe(step, previous), detail, startMs, endMs, durationMs: endMs - startMs });
    startMs = endMs;
  });
  const totalMs = startMs;
  const { ticks, axisMs } = axisOf(totalMs, widthPx, label);
  return { bars, totalMs, ticks, axisMs };
}
