// The closed-session history: scrollback kept with its colours, cut at a line, and the history bounded.
import { describe, expect, it } from 'vitest';
import { keepScrollbackTail, MAX_SCROLLBACK_BYTES } from './closedSessions.js';
import { openStore, type StoreOptions } from './store.js';

function storeWith(options: Partial<StoreOptions> = {}) {
  const store = openStore({ file: ':memory:', ...options });
  return store;
}

/** `n` lines as `ls --color` prints them: each with colour escapes and a CRLF. */
function colouredLines(n: number): string {
  return Array.from({ length: n }, (_, i) => `\x1b[01;34mdir-${i}\x1b[0m  \x1b[01;32mrun-${i}.sh\x1b[0m  plain-${i}.txt\r\n`).join('');
}

describe('keepScrollbackTail', () => {
  it('keeps text within the limit as it is', () => {
    expect(keepScrollbackTail('a\r\nb', 10)).toEqual({ text: 'a\r\nb', truncated: false });
  });

  it('cuts after a line break, so the kept text starts with a whole line', () => {
    expect(keepScrollbackTail('first\r\nsecond\r\n\x1b[31mthird\x1b[0m', 20)).toEqual({
      text: '\x1b[31mthird\x1b[0m',
      truncated: true,
    });
  });

  it('cuts at a character boundary when no line break is left, never inside a UTF-8 sequence', () => {
    const { text, truncated } = keepScrollbackTail('ääääää', 5); // two bytes each
    expect(truncated).toBe(true);
    expect(text).toBe('ää');
    expect(keepScrollbackTail('日本語', 4).text).toBe('語');
  });

  it('keeps at least the last 5,000 coloured lines with the default limit', () => {
    const lines = colouredLines(5_000);
    const { text, truncated } = keepScrollbackTail(`${colouredLines(100_000)}${lines}`, MAX_SCROLLBACK_BYTES);
    expect(truncated).toBe(true);
    expect(text.endsWith(lines)).toBe(true);
    expect(text.startsWith('\x1b[01;34mdir-')).toBe(true);
  });
});

describe('ClosedSessions', () => {
  it('keeps a closed session with its scrollback, colours and all, and lists it without', () => {
    const store = storeWith();
    const saved = store.savedSessions.create({ name: 'de1', target: 'de1' });
    const scrollback = colouredLines(5_000);
    const summary = store.closedSessions.add({
      target: 'de1',
      title: 'de1 — top',
      liveSessionId: 'live-1',
      savedSessionId: saved.id,
      startedAt: 100,
      closedAt: 200,
      endMessage: 'logout',
      scrollback,
    });
    expect(summary).toEqual({
      id: 1,
      target: 'de1',
      title: 'de1 — top',
      savedSessionId: saved.id,
      liveSessionId: 'live-1',
      startedAt: 100,
      closedAt: 200,
      endMessage: 'logout',
      lastLine: 'dir-4999 run-4999.sh plain-4999.txt',
      scrollbackBytes: Buffer.byteLength(scrollback),
      scrollbackTruncated: false,
    });
    expect(store.closedSessions.list()).toEqual([summary]);
    expect(store.closedSessions.get(1)).toEqual({ ...summary, scrollback });
    expect(store.closedSessions.get(2)).toBeUndefined();
    expect(store.closedSessions.get(Number.NaN)).toBeUndefined();
    store.close();
  });

  it('lists each entry with its last line of output, so thirteen "de1" entries can be told apart', () => {
    const store = storeWith();
    const prompt = '\x1b]0;alice@de1: ~\x07alice@de1:~$ ';
    store.closedSessions.add({ target: 'de1', closedAt: 1, scrollback: `${prompt}make test\r\n\x1b[32mPASS\x1b[0m 42 tests\r\n${prompt}exit\r\nlogout\r\n` });
    store.closedSessions.add({ target: 'de1', closedAt: 2, scrollback: `${colouredLines(2_000)}${prompt}vim notes.txt\r\n${prompt}` });
    store.closedSessions.add({ target: 'de1', closedAt: 3, scrollback: prompt });
    const [quiet, editing, testing] = store.closedSessions.list();
    expect(testing!.lastLine).toBe('PASS 42 tests');
    expect(editing!.lastLine).toBe('alice@de1:~$ vim notes.txt');
    expect(quiet).not.toHaveProperty('lastLine');
    expect(store.closedSessions.get(testing!.id)!.lastLine).toBe('PASS 42 tests');
    store.close();
  });

  it('titles an entry with its target when it has no title, and drops a link to a saved session that is gone', () => {
    const store = storeWith();
    const summary = store.closedSessions.add({ target: 'de1', savedSessionId: 'deleted', closedAt: 1, scrollback: '' });
    expect(summary.title).toBe('de1');
    expect(summary).not.toHaveProperty('savedSessionId');
    store.close();
  });

  it('cuts a scrollback over its limit to its last lines, and says so', () => {
    const store = storeWith({ closedHistory: { scrollbackBytes: 100 } });
    const summary = store.closedSessions.add({ target: 'de1', closedAt: 1, scrollback: colouredLines(10) });
    expect(summary.scrollbackTruncated).toBe(true);
    expect(summary.scrollbackBytes).toBeLessThanOrEqual(100);
    expect(store.closedSessions.get(summary.id)?.scrollback).toMatch(/^\x1b\[01;34mdir-9\x1b\[0m.*plain-9\.txt\r\n$/);
    store.close();
  });

  it('lists newest first and keeps only the newest entries', () => {
    const store = storeWith({ closedHistory: { entries: 3 } });
    for (let i = 1; i <= 5; i++) store.closedSessions.add({ target: `h${i}`, closedAt: i, scrollback: `${i}` });
    expect(store.closedSessions.list().map((s) => s.target)).toEqual(['h5', 'h4', 'h3']);
    expect(store.closedSessions.list(2).map((s) => s.target)).toEqual(['h5', 'h4']);
    expect(store.closedSessions.get(1)).toBeUndefined();
    store.close();
  });

  it('drops the oldest entries when the scrollback of all of them passes the total limit, but never the newest', () => {
    const store = storeWith({ closedHistory: { totalScrollbackBytes: 250, scrollbackBytes: 1_000 } });
    for (let i = 1; i <= 4; i++) store.closedSessions.add({ target: `h${i}`, closedAt: i, scrollback: 'x'.repeat(100) });
    expect(store.closedSessions.list().map((s) => s.target)).toEqual(['h4', 'h3']);
    store.closedSessions.add({ target: 'big', closedAt: 9, scrollback: 'y'.repeat(600) });
    expect(store.closedSessions.list().map((s) => s.target)).toEqual(['big']);
    expect(store.closedSessions.prune()).toBe(0);
    store.close();
  });

  it('never reuses an id after pruning, so an old link cannot open another session', () => {
    const store = storeWith({ closedHistory: { entries: 1 } });
    const first = store.closedSessions.add({ target: 'a', closedAt: 1, scrollback: '' });
    const second = store.closedSessions.add({ target: 'b', closedAt: 2, scrollback: '' });
    expect(second.id).toBeGreaterThan(first.id);
    expect(store.closedSessions.get(first.id)).toBeUndefined();
    store.close();
  });

  it('refuses an entry without a target or a closing time', () => {
    const store = storeWith();
    expect(() => store.closedSessions.add({ target: ' ', closedAt: 1, scrollback: '' })).toThrow(/needs its target/);
    expect(() => store.closedSessions.add({ target: 'a', closedAt: Number.NaN, scrollback: '' })).toThrow(/closedAt/);
    store.close();
  });
});

describe('LineHistory', () => {
  it('keeps lines per host, oldest first', () => {
    const store = storeWith();
    store.lineHistory.append('de1', 'ls -l');
    store.lineHistory.append('ns1', 'dig example.com');
    store.lineHistory.append('de1', 'uptime');
    expect(store.lineHistory.list('de1')).toEqual(['ls -l', 'uptime']);
    expect(store.lineHistory.list('ns1')).toEqual(['dig example.com']);
    expect(store.lineHistory.list('nowhere')).toEqual([]);
    expect(store.lineHistory.list('de1', 1)).toEqual(['uptime']);
    store.close();
  });

  it('skips blank lines, over-long lines and a repeat of the line just before', () => {
    const store = storeWith();
    expect(store.lineHistory.append('de1', 'ls')).toBe(true);
    expect(store.lineHistory.append('de1', 'ls')).toBe(false);
    expect(store.lineHistory.append('de1', '   ')).toBe(false);
    expect(store.lineHistory.append('de1', 'x'.repeat(4097))).toBe(false);
    expect(store.lineHistory.append('de1', 'pwd')).toBe(true);
    expect(store.lineHistory.append('de1', 'ls')).toBe(true);
    expect(store.lineHistory.list('de1')).toEqual(['ls', 'pwd', 'ls']);
    store.close();
  });

  it('keeps at most the bound per host, dropping the oldest, without touching other hosts', () => {
    const store = storeWith({ linesPerHost: 5 });
    store.lineHistory.append('ns1', 'keep me');
    for (let i = 1; i <= 12; i++) store.lineHistory.append('de1', `echo ${i}`);
    expect(store.lineHistory.list('de1')).toEqual(['echo 8', 'echo 9', 'echo 10', 'echo 11', 'echo 12']);
    expect(store.lineHistory.list('ns1')).toEqual(['keep me']);
    store.close();
  });
});
