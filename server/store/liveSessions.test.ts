// Live sessions' output kept as they run: replaced as it grows, moved to history at a clean end, and after a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-live-sessions-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('live sessions in the store', () => {
  it('keeps the newest output of each session, one row per session', () => {
    const store = openStore({ file: ':memory:' });
    store.liveSessions.keep([{ liveSessionId: 'a', target: 'de1', startedAt: 1, scrollback: '$ ls\r\n' }], 10);
    store.liveSessions.keep(
      [
        { liveSessionId: 'a', target: 'de1', startedAt: 1, scrollback: '$ ls\r\nfile\r\n' },
        { liveSessionId: 'b', target: 'ns1', startedAt: 2, scrollback: '$ ' },
      ],
      20,
    );
    expect(store.liveSessions.list()).toEqual([
      { liveSessionId: 'a', target: 'de1', updatedAt: 20, scrollback: '$ ls\r\nfile\r\n' },
      { liveSessionId: 'b', target: 'ns1', updatedAt: 20, scrollback: '$ ' },
    ]);
    // Nothing live shows as closed.
    expect(store.closedSessions.list()).toEqual([]);
    store.close();
  });

  it('bounds what it keeps per session to the history\'s scrollback limit', () => {
    const store = openStore({ file: ':memory:', closedHistory: { scrollbackBytes: 16 } });
    store.liveSessions.keep([{ liveSessionId: 'a', target: 'de1', startedAt: 1, scrollback: 'old line\r\nnewest line\r\n' }], 10);
    expect(store.liveSessions.list()[0]!.scrollback).toBe('newest line\r\n');
    store.close();
  });

  it('moves a session that ended into history in one step, with its own output and end', () => {
    const store = openStore({ file: ':memory:' });
    const saved = store.savedSessions.create({ name: 'ns1', target: 'de1' });
    store.liveSessions.keep([{ liveSessionId: 'a', target: 'de1', savedSessionId: saved.id, startedAt: 1, scrollback: 'kept' }], 10);
    const entry = store.liveSessions.end({ liveSessionId: 'a', target: 'de1', savedSessionId: saved.id, startedAt: 1, closedAt: 30, endMessage: 'logout', scrollback: 'kept, and the last words' });
    expect(store.liveSessions.list()).toEqual([]);
    expect(store.closedSessions.get(entry.id)).toMatchObject({ liveSessionId: 'a', savedSessionId: saved.id, closedAt: 30, endMessage: 'logout', scrollback: 'kept, and the last words' });
    store.close();
  });

  it('turns sessions a killed longhaul left into history entries when the store is opened again', () => {
    const file = path.join(tmp, 'crash', 'longhaul.db');
    const before = openStore({ file });
    before.liveSessions.keep([{ liveSessionId: 'old', target: 'de1', startedAt: 1, scrollback: '\x1b[32mmarker\x1b[0m\r\n' }], 5_000);
    before.liveSessions.keep([{ liveSessionId: 'newer', target: 'ns1', startedAt: 2, scrollback: '$ ' }], 6_000);
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
});
