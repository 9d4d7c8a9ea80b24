// The closed-session index against real SQLite: added when a session is kept, gone when pruned, rebuilt by its migration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../store/migrations.js';
import { openStore } from '../store/store.js';
import { searchableText } from './closedSessionText.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-search-index-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the closed-session index', () => {
  it('holds the text a person saw: escapes stripped, a line started over by \\r as it ended', () => {
    expect(searchableText('\x1b[1;31mred\x1b[0m alert\r\n\x1b]0;title\x07$ ls\r\n50%\r100% done\r\n')).toBe('red alert\n$ ls\n100% done\n');
  });

  it('finds a session once it is kept in history, case-insensitively, and never by its escape sequences', () => {
    const store = openStore({ file: ':memory:' });
    const a = store.closedSessions.add({ target: 'de1', closedAt: 1, scrollback: 'build \x1b[32mPASSED\x1b[0m\r\n' });
    const b = store.closedSessions.add({ target: 'de2', closedAt: 2, scrollback: 'tests passed too\r\n' });
    expect([...store.closedSessions.text.candidates('passed')]).toEqual([b.id, a.id]); // newest first
    expect([...store.closedSessions.text.candidates('[32m')]).toEqual([]);
    expect([...store.closedSessions.text.candidates('build PASSED')]).toEqual([a.id]);
    store.close();
  });

  it('loses a session when the history is pruned', () => {
    const store = openStore({ file: ':memory:', closedHistory: { entries: 2 } });
    const first = store.closedSessions.add({ target: 'de1', closedAt: 1, scrollback: 'needle one\r\n' });
    store.closedSessions.add({ target: 'de1', closedAt: 2, scrollback: 'needle two\r\n' });
    expect([...store.closedSessions.text.candidates('needle')]).toHaveLength(2);
    const third = store.closedSessions.add({ target: 'de1', closedAt: 3, scrollback: 'needle three\r\n' });
    expect(store.closedSessions.get(first.id)).toBeUndefined();
    expect([...store.closedSessions.text.candidates('needle')]).not.toContain(first.id);
    expect([...store.closedSessions.text.candidates('needle one')]).toEqual([]);
    expect([...store.closedSessions.text.candidates('needle three')]).toEqual([third.id]);
    store.close();
  });

  it('is built by its migration for the history a file already had', () => {
    const file = path.join(tmp, 'before-index.db');
    const indexMigration = MIGRATIONS.findIndex((migration) => migration.description.startsWith('a full-text index of closed sessions'));
    expect(indexMigration).toBeGreaterThan(0);
    const db = new Sqlite(file);
    migrate(db, file, MIGRATIONS.slice(0, indexMigration));
    const insert = db.prepare(
      `INSERT INTO closed_sessions (target, title, closed_at, scrollback_bytes, scrollback_truncated, scrollback)
       VALUES ('de1', 'de1', ?, 10, 0, ?)`,
    );
    insert.run(1, '\x1b[33mold warning\x1b[0m\r\n');
    insert.run(2, 'older \x1b[1mwarning\x1b[0m sign\r\n');
    db.close();

    const store = openStore({ file });
    expect([...store.closedSessions.text.candidates('warning')]).toEqual([2, 1]);
    expect([...store.closedSessions.text.candidates('warning sign')]).toEqual([2]);
    store.close();
  });
});

describe('reading candidates', () => {
  it('pages through many sessions newest first, every one once, for a literal and for none', () => {
    const store = openStore({ file: ':memory:', closedHistory: { entries: 1000 } });
    const ids = Array.from({ length: 300 }, (_, i) => store.closedSessions.add({ target: 'de1', closedAt: i, scrollback: `${i % 3 === 0 ? 'fizz' : 'buzz'} ${i}\r\n` }).id);
    expect([...store.closedSessions.text.candidates(undefined)]).toEqual([...ids].reverse());
    expect([...store.closedSessions.text.candidates('fizz')]).toEqual(ids.filter((_, i) => i % 3 === 0).reverse());
    store.close();
  });
});
