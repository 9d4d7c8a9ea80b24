// Live sessions' output kept as they run: only what is new each time, what they let go of dropped, moved to
// history at a clean end, and after a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptText, type LiveSessionSnapshot } from './liveSessions.js';
import { openStore } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-live-sessions-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What the keeper hands the store: `text` printed at output offset `offset`, the session holding from `keptFrom`. */
const piece = (liveSessionId: string, offset: number, text: string, keptFrom = 0, more: Partial<LiveSessionSnapshot> = {}): LiveSessionSnapshot => ({
  liveSessionId,
  target: 'de1',
  startedAt: 1,
  keptFrom,
  output: { offset, bytes: Buffer.from(text) },
  ...more,
});

describe('keptText', () => {
  const pieces = [
    { start_offset: 0, bytes: Buffer.from('one\r\ntw') },
    { start_offset: 7, bytes: Buffer.from('o\r\nthree') },
  ];
  it('joins the pieces in order', () => {
    expect(keptText(pieces, 0)).toBe('one\r\ntwo\r\nthree');
  });
  it('starts at the first whole line after what the session let go of', () => {
    expect(keptText(pieces, 2)).toBe('two\r\nthree');
    expect(keptText(pieces.slice(1), 8)).toBe('three');
  });
  it('is empty with nothing kept', () => {
    expect(keptText([], 0)).toBe('');
  });
});

describe('live sessions in the store', () => {
  it('adds only what each session printed since, one row per session', () => {
    const store = openStore({ file: ':memory:' });
    store.liveSessions.keep([piece('a', 0, '$ ls\r\n')], 10);
    store.liveSessions.keep([piece('a', 6, 'file\r\n'), piece('b', 0, '$ ', 0, { target: 'ns1' })], 20);
    expect(store.liveSessions.list()).toEqual([
      { liveSessionId: 'a', target: 'de1', updatedAt: 20, scrollback: '$ ls\r\nfile\r\n' },
      { liveSessionId: 'b', target: 'ns1', updatedAt: 20, scrollback: '$ ' },
    ]);
    // Nothing live shows as closed.
    expect(store.closedSessions.list()).toEqual([]);
    store.close();
  });

  it('drops the kept output a session no longer holds, so the store holds no more than the session does', () => {
    const store = openStore({ file: ':memory:' });
    store.liveSessions.keep([piece('a', 0, 'first\r\n')], 10);
    store.liveSessions.keep([piece('a', 7, 'second\r\n', 3)], 20);
    expect(store.liveSessions.list()[0]!.scrollback).toBe('second\r\n');
    // From a line start: the session cannot tell whether its oldest byte began a line.
    store.liveSessions.keep([piece('a', 15, 'third\r\nfourth\r\n', 15)], 30);
    expect(store.liveSessions.list()[0]!.scrollback).toBe('fourth\r\n');
    store.close();
  });

  it('moves a session that ended into history in one step, with its own output and end', () => {
    const store = openStore({ file: ':memory:' });
    const saved = store.savedSessions.create({ name: 'ns1', target: 'de1' });
    store.liveSessions.keep([piece('a', 0, 'kept', 0, { savedSessionId: saved.id })], 10);
    const entry = store.liveSessions.end({ liveSessionId: 'a', target: 'de1', savedSessionId: saved.id, startedAt: 1, closedAt: 30, endMessage: 'logout', scrollback: 'kept, and the last words' });
    expect(store.liveSessions.list()).toEqual([]);
    expect(store.closedSessions.get(entry.id)).toMatchObject({ liveSessionId: 'a', savedSessionId: saved.id, closedAt: 30, endMessage: 'logout', scrollback: 'kept, and the last words' });
    store.close();
  });

  it('turns sessions a killed longhaul left into history entries when the store is opened again', () => {
    const file = path.join(tmp, 'crash', 'longhaul.db');
    const before = openStore({ file });
    before.liveSessions.keep([piece('old', 0, '\x1b[32mmark')], 4_000);
    before.liveSessions.keep([piece('old', 9, 'er\x1b[0m\r\n')], 5_000);
    before.liveSessions.keep([piece('newer', 0, '$ ', 0, { target: 'ns1' })], 6_000);
    before.close(); // as a SIGKILL leaves it: the rows are committed, no end was written

    const after = openStore({ file });
    const ended = after.liveSessions.endLeftovers((target) => `longhaul stopped unexpectedly; the session to ${target} ended.`);
    expect(ended.map((e) => e.liveSessionId)).toEqual(['old', 'newer']);
    expect(after.liveSessions.list()).toEqual([]);
    const [newest, oldest] = after.closedSessions.list();
    expect(newest).toMatchObject({ liveSessionId: 'newer', closedAt: 6_000 });
    expect(after.closedSessions.get(oldest!.id)).toMatchObject({
      liveSessionId: 'old',
      target: 'de1',
      startedAt: 1,
      closedAt: 5_000,
      endMessage: 'longhaul stopped unexpectedly; the session to de1 ended.',
      scrollback: '\x1b[32mmarker\x1b[0m\r\n',
    });
    // Only once.
    expect(after.liveSessions.endLeftovers(() => 'again')).toEqual([]);
    after.close();
  });

  it("cuts what a crash left to the history's scrollback limit", () => {
    const store = openStore({ file: ':memory:', closedHistory: { scrollbackBytes: 16 } });
    store.liveSessions.keep([piece('a', 0, 'old line\r\nnewest line\r\n')], 10);
    const [entry] = store.liveSessions.endLeftovers(() => 'stopped');
    expect(store.closedSessions.get(entry!.id)!.scrollback).toBe('newest line\r\n');
    store.close();
  });
});

describe('durable shells in the store', () => {
  it('keeps where a durable shell runs, and leaves it live after a crash for the next run to reattach to', () => {
    const store = openStore({ file: path.join(tmp, 'durable.db') });
    try {
      const durable = { socket: 'longhaul', sessionName: 'lh-1234' };
      store.liveSessions.keep([piece('plain', 0, '$ '), piece('in-tmux', 0, '$ old output', 0, { durable, startedAt: 7 })], 100);
      store.liveSessions.keep([piece('in-tmux', 12, ' and more', 0, { durable, startedAt: 7 })], 150);
      const ended = store.liveSessions.endLeftovers((target) => `${target} ended`, { keepDurable: true });
      expect(ended.map((e) => e.target)).toEqual(['de1']);
      expect(store.liveSessions.durableLeftovers()).toEqual([{ liveSessionId: 'in-tmux', target: 'de1', startedAt: 7, durable }]);
      // Taken back by the next run, its output starts afresh at offset 0: what the last run kept goes.
      store.liveSessions.keep([piece('in-tmux', 0, 'AB', 0, { durable, replacesKept: true })], 200);
      store.liveSessions.keep([piece('in-tmux', 2, 'CD', 0, { durable })], 300);
      expect(store.liveSessions.list().find((s) => s.liveSessionId === 'in-tmux')?.scrollback).toBe('ABCD');
      // Without durable shells (--durable off), every leftover goes to history, as before.
      expect(store.liveSessions.endLeftovers((target) => `${target} ended`)).toHaveLength(1);
      expect(store.liveSessions.durableLeftovers()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
