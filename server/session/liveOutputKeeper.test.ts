// Keeping live sessions' output: only sessions that printed, all in one write per tick, and a failing store never
// takes the bridge down.
import { describe, expect, it } from 'vitest';
import type { LiveSessionSnapshot } from '../store/liveSessions.js';
import { openStore } from '../store/store.js';
import { FakeClock } from '../../test/support/fakeClock.js';
import { OutputBuffer } from './outputBuffer.js';
import { LiveOutputKeeper, sessionsDue, shareBudget, type LiveOutputSource } from './liveOutputKeeper.js';

/** A session whose output is a real, bounded OutputBuffer. */
class FakeSession implements LiveOutputSource {
  private readonly output: OutputBuffer;
  isEnded = false;
  constructor(
    readonly id: string,
    capacity = 1024,
    readonly target = { label: 'de1' },
    readonly startedAt = 1,
  ) {
    this.output = new OutputBuffer(capacity);
  }
  print(text: string): void {
    this.output.append(Buffer.from(text));
  }
  get outputOffset(): number {
    return this.output.end;
  }
  get outputStartOffset(): number {
    return this.output.startOffset;
  }
  outputSince(offset: number): Buffer[] | undefined {
    return this.output.since(offset);
  }
}

/** The writes a store was asked for, as (session, offset, text, keptFrom). */
function recordingStore() {
  const writes: { at: number; pieces: [string, number, string, number][] }[] = [];
  return {
    writes,
    keep: (snapshots: readonly LiveSessionSnapshot[], at: number) =>
      writes.push({ at, pieces: snapshots.map((s) => [s.liveSessionId, s.output.offset, s.output.bytes.toString(), s.keptFrom]) }),
  };
}

describe('sessionsDue', () => {
  it('is the sessions that printed since they were kept, and not ended ones', () => {
    const quiet = { id: 'quiet', outputOffset: 5, isEnded: false };
    const busy = { id: 'busy', outputOffset: 9, isEnded: false };
    const fresh = { id: 'fresh', outputOffset: 2, isEnded: false };
    const silentFresh = { id: 'silent', outputOffset: 0, isEnded: false };
    const ended = { id: 'ended', outputOffset: 7, isEnded: true };
    const kept = new Map([['quiet', 5], ['busy', 4]]);
    expect(sessionsDue([quiet, busy, fresh, silentFresh, ended], kept)).toEqual([busy, fresh]);
  });
});

describe('shareBudget', () => {
  it('gives everyone all they want when it fits', () => {
    expect(shareBudget([3, 0, 5], 100)).toEqual([3, 0, 5]);
  });

  it('keeps small sessions whole and splits the rest evenly among the floods', () => {
    expect(shareBudget([1_000, 10, 1_000, 20], 100)).toEqual([35, 10, 35, 20]);
  });

  it('never gives out more than the budget', () => {
    const shares = shareBudget([7, 7, 7], 10);
    expect(shares.reduce((a, b) => a + b)).toBe(10);
    expect(shares).toEqual([3, 3, 4]);
  });
});

describe('LiveOutputKeeper', () => {
  it('keeps, every interval, only what the sessions printed since, in one write', () => {
    const clock = new FakeClock();
    const a = new FakeSession('a');
    const b = new FakeSession('b');
    const store = recordingStore();
    const keeper = new LiveOutputKeeper(() => [a, b], store, { clock, now: () => 1_000 + clock.time, intervalMs: 3_000 });
    keeper.start();
    a.print('$ ');
    b.print('$ ');
    clock.advance(2_999);
    expect(store.writes).toEqual([]); // never on the output path: only when the interval is up
    clock.advance(1);
    a.print('ls\r\n');
    clock.advance(3_000);
    clock.advance(3_000); // nothing new: nothing written
    expect(store.writes).toEqual([
      { at: 4_000, pieces: [['a', 0, '$ ', 0], ['b', 0, '$ ', 0]] },
      { at: 7_000, pieces: [['a', 2, 'ls\r\n', 0]] },
    ]);
    keeper.dispose();
    keeper.dispose();
    expect(clock.timerCount).toBe(0);
  });

  it('tells the store, on its first keep only, that a durable shell taken back after a restart starts its output afresh', () => {
    const durable = { socket: 'longhaul', sessionName: 'lh-1' };
    const a = Object.assign(new FakeSession('a'), { durable, resumed: true });
    const snapshots: LiveSessionSnapshot[] = [];
    const keeper = new LiveOutputKeeper(() => [a], { keep: (s) => snapshots.push(...s) });
    a.print('screen');
    keeper.keepNow();
    a.print('more');
    keeper.keepNow();
    expect(snapshots.map((s) => [s.durable, s.replacesKept])).toEqual([
      [durable, true],
      [durable, undefined],
    ]);
  });

  it('after a flood, keeps what the session still holds and tells the store to drop the rest', () => {
    const a = new FakeSession('a', 8);
    const store = recordingStore();
    const keeper = new LiveOutputKeeper(() => [a], store);
    a.print('12345');
    keeper.keepNow();
    a.print('abcdefghij'); // more than the session holds: it keeps the last 8 bytes, from offset 7
    keeper.keepNow();
    expect(store.writes.map((w) => w.pieces)).toEqual([[['a', 0, '12345', 0]], [['a', 7, 'cdefghij', 7]]]);
  });

  it('keeps a quiet session whole beside floods, and only the floods\' newest output, within the budget per tick', () => {
    const store = openStore({ file: ':memory:' });
    const quiet = new FakeSession('quiet', 1_000);
    const floods = [new FakeSession('flood-1', 1_000), new FakeSession('flood-2', 1_000)];
    const keeper = new LiveOutputKeeper(() => [floods[0]!, quiet, floods[1]!], store.liveSessions, { bytesPerTick: 100 });
    quiet.print('$ make\r\n');
    for (const flood of floods) flood.print(Array.from({ length: 50 }, (_, i) => `line ${i}\r\n`).join(''));
    expect(keeper.keepNow()).toBe(3);
    const kept = new Map(store.liveSessions.list().map((s) => [s.liveSessionId, s.scrollback]));
    expect(kept.get('quiet')).toBe('$ make\r\n');
    for (const id of ['flood-1', 'flood-2']) {
      // Its newest output, from a line start, within its share of what was left (46 bytes).
      expect(kept.get(id)).toMatch(/^line \d+\r\n(line \d+\r\n)*line 49\r\n$/);
      expect(Buffer.byteLength(kept.get(id)!)).toBeLessThanOrEqual(46);
    }
    // Nothing new: nothing to do; new output is kept after what was kept.
    expect(keeper.keepNow()).toBe(0);
    floods[0]!.print('done\r\n');
    keeper.keepNow();
    expect(store.liveSessions.list().find((s) => s.liveSessionId === 'flood-1')!.scrollback).toMatch(/line 49\r\ndone\r\n$/);
    store.close();
  });

  it('writes to a real store what a crash would otherwise lose', () => {
    const store = openStore({ file: ':memory:' });
    const a = new FakeSession('a');
    const keeper = new LiveOutputKeeper(() => [a], store.liveSessions);
    a.print('\x1b[32mmark');
    expect(keeper.keepNow()).toBe(1);
    a.print('er\x1b[0m\r\n');
    expect(keeper.keepNow()).toBe(1);
    expect(store.liveSessions.list()).toMatchObject([{ liveSessionId: 'a', scrollback: '\x1b[32mmarker\x1b[0m\r\n' }]);
    store.close();
  });

  it('survives a store that fails: reports once, keeps ticking, and writes again once the store works', () => {
    const clock = new FakeClock();
    const store = openStore({ file: ':memory:' });
    const a = new FakeSession('a');
    let broken = true;
    const reports: (string | null)[] = [];
    const keeper = new LiveOutputKeeper(
      () => [a],
      {
        keep: (snapshots: readonly LiveSessionSnapshot[], at: number) => {
          if (broken) throw new Error('database or disk is full');
          store.liveSessions.keep(snapshots, at);
        },
      },
      { clock, intervalMs: 3_000, report: (problem) => reports.push(problem?.message ?? null) },
    );
    keeper.start();
    a.print('one\r\n');
    expect(() => clock.advance(3_000)).not.toThrow();
    a.print('two\r\n');
    expect(() => clock.advance(3_000)).not.toThrow();
    expect(reports).toEqual(['database or disk is full']);
    broken = false;
    clock.advance(3_000);
    expect(reports).toEqual(['database or disk is full', null]);
    expect(store.liveSessions.list()[0]!.scrollback).toBe('one\r\ntwo\r\n');
    keeper.dispose();
    store.close();
  });

  it('does not throw when the store itself is closed under it', () => {
    const store = openStore({ file: ':memory:' });
    store.close();
    const a = new FakeSession('a');
    a.print('x');
    const reports: unknown[] = [];
    const keeper = new LiveOutputKeeper(() => [a], store.liveSessions, { report: (p) => reports.push(p) });
    expect(keeper.keepNow()).toBe(0);
    expect(reports).toHaveLength(1);
  });
});
