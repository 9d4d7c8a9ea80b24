import { describe, expect, it } from 'vitest';
import type { ClientMessageOf } from '../../shared/protocol.js';
import { FakeClock } from '../../test/support/fakeClock.js';
import { LatencyMonitor } from './latencyMonitor.js';
import { PING_INTERVAL_MS, PING_LOST_AFTER_MS } from './pingScheduler.js';

function setup() {
  const clock = new FakeClock(1_000);
  const monitor = new LatencyMonitor(clock);
  const pings: ClientMessageOf<'ping'>[] = [];
  let changes = 0;
  monitor.model.onChange(() => changes++);
  return { clock, monitor, pings, send: (m: ClientMessageOf<'ping'>) => pings.push(m), changes: () => changes };
}

const figure = (monitor: LatencyMonitor, name: 'browser' | 'host' | 'echo') => monitor.model.snapshot().figures.find((f) => f.figure === name)!;

describe('LatencyMonitor', () => {
  it('shows "—" for every figure before anything is measured', () => {
    const { monitor } = setup();
    expect(monitor.model.snapshot().figures.map((f) => [f.label, f.valueText, f.grade])).toEqual([
      ['browser ↔ longhaul', '—', 'none'],
      ['longhaul ↔ host', '—', 'none'],
      ['keystroke → echo', '—', 'none'],
    ]);
    expect(monitor.model.report()).toEqual({ browserMs: null, hostMs: null, echoMs: null, silentForMs: null, reconnecting: null, timeline: [], stale: false });
  });

  it('pings once connected and times the pongs: browser ↔ longhaul', () => {
    const { clock, monitor, pings, send } = setup();
    monitor.connectionOpen(send);
    expect(pings).toEqual([{ type: 'ping', id: 1 }]);
    clock.advance(0.5);
    monitor.handle({ type: 'pong', id: 1 });
    expect(monitor.model.report().browserMs).toBe(0.5);
    expect(figure(monitor, 'browser')).toMatchObject({ valueText: '0.5 ms', grade: 'good' });
  });

  it('says "lost" when pings go unanswered, and recovers on the next pong', () => {
    const { clock, monitor, pings, send } = setup();
    monitor.connectionOpen(send);
    clock.advance(PING_LOST_AFTER_MS);
    expect(figure(monitor, 'browser')).toMatchObject({ valueText: 'lost', grade: 'bad', lost: 1 });
    monitor.handle({ type: 'pong', id: pings.at(-1)!.id });
    expect(figure(monitor, 'browser')).toMatchObject({ valueText: '0.0 ms', grade: 'good', lost: 1 });
  });

  it('takes the host round trips the bridge measured: longhaul ↔ host', () => {
    const { monitor } = setup();
    for (const rttMs of [250.4, 251.2, 249.9]) monitor.handle({ type: 'host-rtt', rttMs });
    expect(monitor.model.report().hostMs).toBe(250.4);
    expect(figure(monitor, 'host')).toMatchObject({ valueText: '250 ms', grade: 'slow' });
  });

  it('counts a silent host up from each report, re-syncing on the next, until it answers', () => {
    const { clock, monitor } = setup();
    monitor.handle({ type: 'host-rtt', rttMs: 250 });
    monitor.handle({ type: 'host-silence', silentForMs: 5_000 });
    expect(monitor.model.silentForMs()).toBe(5_000);
    clock.advance(2_500);
    expect(monitor.model.silentForMs()).toBe(7_500);
    expect(figure(monitor, 'host')).toMatchObject({ valueText: 'no reply', grade: 'bad' });
    monitor.handle({ type: 'host-silence', silentForMs: 10_004 });
    expect(monitor.model.report().silentForMs).toBe(10_004);
    monitor.handle({ type: 'host-silence', silentForMs: null });
    expect(monitor.model.silentForMs()).toBeNull();
    expect(figure(monitor, 'host')).toMatchObject({ valueText: '250 ms' });
  });

  it('ends a silence on a host round trip too, should the bridge not say so first', () => {
    const { monitor } = setup();
    monitor.handle({ type: 'host-silence', silentForMs: 6_000 });
    monitor.handle({ type: 'host-rtt', rttMs: 8_200 });
    expect(monitor.model.silentForMs()).toBeNull();
  });

  it('says which try to get back to a durable shell is under way, and forgets the old connection\'s silence', () => {
    const { monitor } = setup();
    monitor.handle({ type: 'host-silence', silentForMs: 6_000 });
    monitor.handle({ type: 'reconnecting', attempt: 1 });
    expect(monitor.model.report()).toMatchObject({ reconnecting: 1, silentForMs: null });
    monitor.handle({ type: 'reconnecting', attempt: 2 });
    expect(monitor.model.reconnectingAttempt()).toBe(2);
    monitor.handle({ type: 'reconnecting', attempt: null });
    expect(monitor.model.report().reconnecting).toBeNull();
    monitor.handle({ type: 'reconnecting', attempt: 3 });
    monitor.connectionEnded();
    expect(monitor.model.reconnectingAttempt()).toBeNull();
  });

  it('keeps the connection timeline', () => {
    const { monitor } = setup();
    monitor.handle({ type: 'timeline', steps: [{ name: 'lookup', atMs: 0.3, detail: '127.0.0.1' }, { name: 'first-byte', atMs: 2_020 }] });
    expect(monitor.model.report().timeline).toEqual([
      { name: 'lookup', atMs: 0.3 },
      { name: 'first-byte', atMs: 2_020 },
    ]);
    expect(monitor.model.snapshot().timeline[0]).toEqual({ name: 'lookup', atMs: 0.3, detail: '127.0.0.1' });
  });

  it('has a slot for keystroke → echo from the predictor', () => {
    const { monitor } = setup();
    monitor.recordKeystrokeEcho(262);
    expect(monitor.model.report().echoMs).toBe(262);
    expect(figure(monitor, 'echo')).toMatchObject({ valueText: '262 ms', grade: 'slow' });
  });

  it('stops pinging and drops the silence when the connection to longhaul ends', () => {
    const { clock, monitor, pings, send } = setup();
    monitor.connectionOpen(send);
    monitor.handle({ type: 'host-silence', silentForMs: 9_000 });
    monitor.connectionEnded();
    expect(monitor.model.silentForMs()).toBeNull();
    clock.advance(PING_LOST_AFTER_MS * 3);
    expect(pings).toHaveLength(1);
    expect(figure(monitor, 'browser').lost).toBe(0);
  });

  it('keeps the last figures for reading but marks them stale while longhaul cannot be reached', () => {
    const { monitor, send } = setup();
    monitor.connectionOpen(send);
    monitor.handle({ type: 'host-rtt', rttMs: 250 });
    expect(monitor.model.snapshot().stale).toBe(false);
    monitor.connectionEnded();
    expect(monitor.model.snapshot().stale).toBe(true);
    expect(monitor.model.report()).toMatchObject({ hostMs: 250, stale: true });
    monitor.connectionOpen(send);
    expect(monitor.model.report().stale).toBe(false);
  });

  it('starts afresh on a new connection', () => {
    const { clock, monitor, pings, send } = setup();
    monitor.connectionOpen(send);
    monitor.handle({ type: 'host-rtt', rttMs: 250 });
    monitor.handle({ type: 'timeline', steps: [{ name: 'lookup', atMs: 1 }] });
    monitor.connectionEnded();
    monitor.connectionOpen(send);
    expect(monitor.model.report()).toEqual({ browserMs: null, hostMs: null, echoMs: null, silentForMs: null, reconnecting: null, timeline: [], stale: false });
    clock.advance(PING_INTERVAL_MS);
    expect(pings.map((p) => p.id)).toEqual([1, 2, 3]);
  });

  it('tells its views of every change, and nothing after dispose', () => {
    const { clock, monitor, send, changes } = setup();
    monitor.connectionOpen(send);
    const before = changes();
    monitor.handle({ type: 'host-rtt', rttMs: 250 });
    expect(changes()).toBe(before + 1);
    monitor.dispose();
    monitor.dispose();
    expect(clock.timerCount).toBe(0);
  });
});
