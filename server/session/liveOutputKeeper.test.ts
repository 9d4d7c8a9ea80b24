// Keeping live sessions' output: only sessions that printed, all in one write per tick, and a failing store never
// takes the bridge down.
import { describe, expect, it } from 'vitest';
import type { LiveSessionSnapshot } from '../store/liveSessions.js';
import { openStore } from '../store/store.js';
import type { Clock } from './hostProbe.js';
import { LiveOutputKeeper, sessionsDue, type LiveOutputSource } from './liveOutputKeeper.js';

class FakeClock implements Clock {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
  get pending(): number {
    return this.timers.length;
  }
}

class FakeSession implements LiveOutputSource {
  text = '';
  isEnded = false;
  constructor(
    readonly id: string,
    readonly target = { label: 'de1' },
    readonly startedAt = 1,
  ) {}
  print(text: string): void {
    this.text += text;
  }
  get outputOffset(): number {
    return Buffer.byteLength(this.text);
  }
  scrollback(): string {
    return this.text;
  }
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

describe('LiveOutputKeeper', () => {
  it('keeps, every interval, the sessions that printed since, in one write', () => {
    const clock = new FakeClock();
    const a = new FakeSession('a');
    const b = new FakeSession('b');
    const writes: { ids: string[]; at: number }[] = [];
    const keeper = new LiveOutputKeeper(() => [a, b], { keep: (snapshots, at) => writes.push({ ids: snapshots.map((s) => s.liveSessionId), at }) }, {
      clock,
      now: () => 1_000 + clock.time,
      intervalMs: 3_000,
    });
    keeper.start();
    a.print('$ ');
    b.print('$ ');
    clock.advance(2_999);
    expect(writes).toEqual([]); // never on the output path: only when the interval is up
    clock.advance(1);
    expect(writes).toEqual([{ ids: ['a', 'b'], at: 4_000 }]);
    a.print('ls\r\n');
    clock.advance(3_000);
    clock.advance(3_000); // nothing new: nothing written
    expect(writes).toEqual([{ ids: ['a', 'b'], at: 4_000 }, { ids: ['a'], at: 7_000 }]);
    keeper.dispose();
    keeper.dispose();
    expect(clock.pending).toBe(0);
  });

  it('writes to a real store what a crash would otherwise lose', () => {
    const store = openStore({ file: ':memory:' });
    const a = new FakeSession('a');
    a.print('\x1b[32mmarker\x1b[0m\r\n');
    expect(new LiveOutputKeeper(() => [a], store.liveSessions).keepNow()).toBe(1);
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
