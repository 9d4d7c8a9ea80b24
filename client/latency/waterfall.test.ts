import { describe, expect, it } from 'vitest';
import { formatTick } from './format.js';
import { AXIS_WIDTH_PX, tickStep, ticksFit, waterfallOf } from './waterfall.js';

// What the bridge sends for de1 250 ms away, public-key login after `none`.
const farLogin = [
  { name: 'lookup', atMs: 0.3, detail: '127.0.0.1' },
  { name: 'tcp-connected', atMs: 1.2, detail: '127.0.0.1:2222' },
  { name: 'host-key-received', atMs: 505.1, detail: 'de1 ED25519' },
  { name: 'auth', atMs: 760.4, detail: 'de1: none' },
  { name: 'auth', atMs: 1_011, detail: 'de1: key /home/me/.ssh/id_ed25519' },
  { name: 'authenticated', atMs: 1_262.8, detail: 'de1' },
  { name: 'shell-open', atMs: 1_514, detail: 'de1' },
  { name: 'first-byte', atMs: 2_020.5 },
];

describe('waterfallOf', () => {
  it('draws one bar per stretch, saying what went on in it', () => {
    const w = waterfallOf(farLogin);
    expect(w.bars.map((b) => b.label)).toEqual([
      'name lookup',
      'TCP connect',
      'SSH handshake',
      'key exchange',
      'auth: none',
      'auth: key id_ed25519',
      'opening the shell',
      'first output',
    ]);
    expect(w.bars.map((b) => b.step)).toEqual(farLogin.map((s) => s.name));
    expect(w.bars.map((b) => b.kind)).toEqual(['network', 'network', 'handshake', 'handshake', 'auth', 'auth', 'shell', 'shell']);
  });

  it('names the wait of a tab that opened while another tab was logging in to the same host', () => {
    const w = waterfallOf([
      { name: 'waiting-for-connection', atMs: 0.4, detail: 'me@127.0.0.1:22' },
      { name: 'reused-connection', atMs: 1_262.9, detail: 'me@127.0.0.1:22' },
      { name: 'shell-open', atMs: 1_514, detail: 'de1' },
    ]);
    expect(w.bars.map((b) => b.label)).toEqual(['reading the ssh config', "another tab's login", 'opening the shell']);
  });

  it('keeps the bridge\'s detail for the tooltip: the key file an attempt used', () => {
    const w = waterfallOf(farLogin);
    expect(w.bars[5]!.detail).toBe('de1: key /home/me/.ssh/id_ed25519');
    expect(w.bars[1]!.detail).toBe('127.0.0.1:2222');
  });

  it('lays the bars end to end on one time axis', () => {
    const w = waterfallOf(farLogin);
    expect(w.bars[0]).toMatchObject({ startMs: 0, endMs: 0.3 });
    expect(w.bars[2]).toMatchObject({ startMs: 1.2, endMs: 505.1 });
    expect(w.bars[2]!.durationMs).toBeCloseTo(503.9);
    for (let i = 1; i < w.bars.length; i++) expect(w.bars[i]!.startMs).toBe(w.bars[i - 1]!.endMs);
    expect(w.totalMs).toBe(2_020.5);
  });

  it('puts round-numbered ticks on the axis, ending at or past the last step', () => {
    const w = waterfallOf(farLogin);
    expect(w.ticks).toEqual([0, 1_000, 2_000, 3_000]);
    expect(w.axisMs).toBe(3_000);
    expect(tickStep(400)).toBe(100);
    expect(tickStep(90)).toBe(50);
    expect(tickStep(7)).toBe(2);
  });

  it('says in words that a tab reused a connection that was already logged in', () => {
    const w = waterfallOf([
      { name: 'reused-connection', atMs: 0.5, detail: 'me@127.0.0.1:22' },
      { name: 'shell-open', atMs: 251, detail: 'de1' },
    ]);
    expect(w.bars.map((b) => b.label)).toEqual(['reused a logged-in connection', 'opening the shell']);
  });

  it('spaces the ticks so that no two axis labels overlap ("300 m400 ms")', () => {
    const w = waterfallOf([{ name: 'shell-open', atMs: 390 }]);
    expect(ticksFit(w.ticks, w.axisMs, AXIS_WIDTH_PX, formatTick)).toBe(true);
    expect(w.ticks.at(-1)).toBeGreaterThanOrEqual(390);
    for (let total = 0.5; total < 200_000; total *= 1.07) {
      const { ticks, axisMs } = waterfallOf([{ name: 'first-byte', atMs: total }]);
      expect(ticksFit(ticks, axisMs, AXIS_WIDTH_PX, formatTick), `${total} ms: ${ticks.map(formatTick).join(' ')}`).toBe(true);
      expect(axisMs).toBeGreaterThanOrEqual(total);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('tells labels that touch from labels that fit', () => {
    expect(ticksFit([0, 100, 200, 300, 400], 400, 160, formatTick)).toBe(false);
    expect(ticksFit([0, 200, 400], 400, 160, formatTick)).toBe(true);
  });

  it('names a waiting user and unknown steps plainly', () => {
    const w = waterfallOf([
      { name: 'host-key-received', atMs: 10 },
      { name: 'host-key-trusted', atMs: 4_010 },
      { name: 'agent-asked', atMs: 4_020 },
    ]);
    expect(w.bars.map((b) => b.label)).toEqual(['SSH handshake', 'you checked the host key', 'agent-asked']);
  });

  it('never draws a bar backwards, and copes with no steps', () => {
    const w = waterfallOf([
      { name: 'lookup', atMs: 5 },
      { name: 'tcp-connected', atMs: 3 },
    ]);
    expect(w.bars[1]).toMatchObject({ startMs: 5, endMs: 5, durationMs: 0 });
    expect(waterfallOf([])).toMatchObject({ bars: [], totalMs: 0, ticks: [0, 1], axisMs: 1 });
  });
});
