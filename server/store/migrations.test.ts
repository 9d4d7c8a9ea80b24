// Opening the store: settings, migrations from empty and from every older version, and files it must refuse.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreOpenError } from './errors.js';
import { APPLICATION_ID, migrate, MIGRATIONS, SCHEMA_VERSION, schemaVersion, type Migration } from './migrations.js';
import { openStore, storeFile } from './store.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const freshFile = () => path.join(tmp, `case-${++counter}`, 'longhaul.db');

/** The schema as SQLite describes it, for comparing a migrated file with a fresh one. */
function schemaOf(db: Database): string[] {
  return (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    type: string;
    name: string;
    sql: string | null;
  }[]).map((row) => `${row.type} ${row.name}: ${(row.sql ?? '').replace(/\s+/g, ' ')}`);
}

/** A raw file at an older version: the first `version` migrations, as an older longhaul left it. */
function fileAtVersion(file: string, version: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Sqlite(file);
  migrate(db, file, MIGRATIONS.slice(0, version));
  SEEDS[version]?.(db);
  db.close();
}

/**
 * Data an older longhaul could have written at each version, to check it survives every later migration.
 * Adding migration n+1 means adding SEEDS[n] (the test below insists).
 */
const SEEDS: Record<number, (db: Database) => void> = {
  0: () => {},
  // Raw SQL, as version 1 knew it: the repository's statements are always the latest version's.
  1: (db) => {
    db.prepare(
      `INSERT INTO saved_sessions (id, name, target, auth, key_file, predictive_echo, half_duplex, color, label,
                                   command_on_connect, jump_host, created_at, updated_at)
       VALUES ('v1-ns1', 'ns1', 'alice@ns1:2222', 'key-file', '~/.ssh/ns1', 'never', 1, 'teal', 'NS1', 'uptime', 'bastion', 10, 20)`,
    ).run();
    db.prepare(
      `INSERT INTO closed_sessions (saved_session_id, target, title, closed_at, scrollback_bytes, scrollback_truncated, scrollback)
       VALUES ('v1-ns1', 'ns1', 'ns1', 30, 2, 0, '$ ')`,
    ).run();
    db.prepare("INSERT INTO line_history (host, line, entered_at) VALUES ('ns1', 'ls -l', 40)").run();
  },
  2: (db) => {
    db.prepare("UPDATE saved_sessions SET simulated_rtt_ms = 250 WHERE id = 'v1-ns1'").run();
  },
  3: (db) => {
    db.prepare(
      `INSERT INTO live_sessions (live_session_id, saved_session_id, target, title, started_at, updated_at, kept_from)
       VALUES ('v3-live', NULL, 'ns1', 'ns1', 50, 60, 0)`,
    ).run();
    db.prepare("INSERT INTO live_output (live_session_id, start_offset, bytes) VALUES ('v3-live', 0, x'2420')").run();
  },
  4: (db) => {
    db.prepare("UPDATE live_sessions SET tmux_socket = 'longhaul', tmux_session = 'lh-v4' WHERE live_session_id = 'v3-live'").run();
  },
  5: (db) => {
    db.prepare(
      `INSERT INTO saved_sessions (id, name, target, auth, predictive_echo, half_duplex, keep_connected, color, created_at, updated_at)
       VALUES ('v5-kept', 'kept', 'de1', 'agent', 'auto', 0, 1, 'red', 10, 20)`,
    ).run();
  },
  6: (db) => {
    db.prepare(
      `INSERT INTO closed_sessions (target, title, closed_at, scrollback_bytes, scrollback_truncated, scrollback)
       VALUES ('ns1', 'ns1', 70, 20, 0, '[31mred alert[0m
$ ')`,
    ).run();
  },
  7: (db) => {
    db.prepare(
      `INSERT INTO command_runs (id, command, targets, started_at, ended_at, stopped, results)
       VALUES ('v7-run', 'uptime', '["ns1"]', 80, 90, 0, '[{"target":"ns1","exitCode":0,"stdout":"up 3 days\\n","stderr":"","durationMs":10}]')`,
    ).run();
  },
  8: (db) => {
    db.prepare(
      `INSERT INTO saved_sessions (id, name, target, auth, predictive_echo, half_duplex, keep_connected, durable,
                                   keep_running_when_closed, color, created_at, updated_at)
       VALUES ('v8-durable', 'durable', 'de1', 'agent', 'auto', 0, 0, 'auto', 1, 'blue', 10, 20)`,
    ).run();
  },
};

describe('opening the store', () => {
  it('creates longhaul.db in the data directory, owner-only, in WAL mode with synchronous=FULL and foreign keys on', () => {
    const dataDir = path.join(tmp, 'data');
    const store = openStore({ file: storeFile(dataDir) });
    try {
      expect(store.file).toBe(path.join(dataDir, 'longhaul.db'));
      expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(store.integrityCheck()).toEqual(['ok']);
    } finally {
      store.close();
    }
    const db = new Sqlite(storeFile(dataDir), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('turns foreign keys on for each connection, so deleting a saved session unlinks its history', () => {
    // foreign_keys is per connection, not remembered by the file: open twice to check the second open sets it.
    const file = freshFile();
    openStore({ file }).close();
    const store = openStore({ file });
    const saved = store.savedSessions.create({ name: 'de1', target: 'de1' });
    const closed = store.closedSessions.add({ target: 'de1', savedSessionId: saved.id, closedAt: 1, scrollback: 'x' });
    store.savedSessions.remove(saved.id);
    expect(store.closedSessions.get(closed.id)?.savedSessionId).toBeUndefined();
    store.close();
  });

  it('is idempotent to close', () => {
    const store = openStore({ file: ':memory:' });
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});

describe('migrations', () => {
  it('has a seed for every version below the latest', () => {
    for (let version = 0; version < SCHEMA_VERSION; version++) expect(SEEDS[version], `SEEDS[${version}]`).toBeDefined();
  });

  it('migrates an empty file to the latest version', () => {
    const file = freshFile();
    fileAtVersion(file, 0);
    openStore({ file }).close();
    const db = new Sqlite(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(schemaOf(db).join('\n')).toMatch(/table saved_sessions/);
    expect(schemaOf(db).join('\n')).toMatch(/table closed_sessions/);
    expect(schemaOf(db).join('\n')).toMatch(/table line_history/);
    db.close();
  });

  it.each(Array.from({ length: SCHEMA_VERSION }, (_, version) => version))(
    'migrates a file from version %i to the same schema a fresh file gets, keeping its data',
    (version) => {
      const fresh = freshFile();
      openStore({ file: fresh }).close();
      const old = freshFile();
      fileAtVersion(old, version);
      const before = new Sqlite(old, { readonly: true });
      const rowsBefore = countRows(before);
      before.close();

      const store = openStore({ file: old });
      expect(store.integrityCheck()).toEqual(['ok']);
      store.close();

      const a = new Sqlite(fresh, { readonly: true });
      const b = new Sqlite(old, { readonly: true });
      expect(schemaOf(b)).toEqual(schemaOf(a));
      expect(schemaVersion(b)).toBe(SCHEMA_VERSION);
      for (const [table, count] of Object.entries(rowsBefore)) expect(countRows(b)[table], table).toBe(count);
      a.close();
      b.close();
    },
  );

  it('keeps a saved session from version 1 as it was, with no simulated round trip of its own', () => {
    const file = freshFile();
    fileAtVersion(file, 1);
    const store = openStore({ file });
    try {
      expect(store.savedSessions.get('v1-ns1')).toEqual({
        id: 'v1-ns1',
        name: 'ns1',
        target: 'alice@ns1:2222',
        auth: 'key-file',
        keyFile: '~/.ssh/ns1',
        predictiveEcho: 'never',
        halfDuplex: true,
        keepConnected: false,
        durable: 'auto',
        keepRunningWhenClosed: false,
        shellIntegration: false,
        color: 'teal',
        label: 'NS1',
        commandOnConnect: 'uptime',
        jumpHost: 'bastion',
        createdAt: 10,
        updatedAt: 20,
      });
      expect(store.savedSessions.update('v1-ns1', { simulatedRttMs: 250 })?.simulatedRttMs).toBe(250);
    } finally {
      store.close();
    }
  });

  it('keeps a saved session from version 8 as it was, with shell integration off', () => {
    const file = freshFile();
    fileAtVersion(file, 8);
    const store = openStore({ file });
    try {
      expect(store.savedSessions.get('v8-durable')).toMatchObject({ keepRunningWhenClosed: true, shellIntegration: false, color: 'blue' });
      expect(store.savedSessions.update('v8-durable', { shellIntegration: true })?.shellIntegration).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a negative simulated round trip in the file itself, whoever writes it', () => {
    const file = freshFile();
    openStore({ file }).close();
    const db = new Sqlite(file);
    const insert = (rtt: number) =>
      db
        .prepare(
          `INSERT INTO saved_sessions (id, name, target, auth, predictive_echo, half_duplex, color, simulated_rtt_ms, created_at, updated_at)
           VALUES (?, ?, 'de1', 'agent', 'auto', 0, 'red', ?, 1, 1)`,
        )
        .run(`id${rtt}`, `n${rtt}`, rtt);
    expect(() => insert(-1)).toThrow(/CHECK constraint failed/);
    expect(() => insert(0)).not.toThrow();
    db.close();
  });

  it('is a no-op on a file already at the latest version', () => {
    const file = freshFile();
    openStore({ file }).close();
    const db = new Sqlite(file);
    expect(migrate(db, file)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    db.close();
  });

  describe('the runner', () => {
    const made: string[] = [];
    const step = (table: string): Migration => ({
      description: table,
      up: (db) => {
        made.push(table);
        db.exec(`CREATE TABLE ${table} (x INTEGER)`);
      },
    });
    const failing: Migration = {
      description: 'fails halfway',
      up: (db) => {
        db.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('disk on fire');
      },
    };

    it('applies only the missing migrations, in order', () => {
      made.length = 0;
      const db = new Sqlite(':memory:');
      expect(migrate(db, 'test.db', [step('a')])).toEqual({ from: 0, to: 1 });
      expect(migrate(db, 'test.db', [step('a'), step('b'), step('c')])).toEqual({ from: 1, to: 3 });
      expect(made).toEqual(['a', 'b', 'c']);
      db.close();
    });

    it('rolls a failing migration back whole, leaving the file at the version before it', () => {
      const db = new Sqlite(':memory:');
      expect(() => migrate(db, 'test.db', [step('a'), failing])).toThrow('disk on fire');
      expect(schemaVersion(db)).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
      db.close();
    });
  });
});

describe('files the store refuses', () => {
  it('refuses a file from a newer longhaul, saying so, and leaves it untouched', () => {
    const file = freshFile();
    openStore({ file }).close();
    const db = new Sqlite(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.exec('CREATE TABLE from_the_future (x INTEGER)');
    db.pragma('journal_mode = DELETE'); // so that switching it to WAL would show as a change
    db.close();
    const before = fs.readFileSync(file);

    expect(() => openStore({ file })).toThrow(StoreOpenError);
    expect(() => openStore({ file })).toThrow(
      `${file} was written by a newer longhaul (store version ${SCHEMA_VERSION + 1}; this one knows up to ${SCHEMA_VERSION}). ` +
        'Upgrade longhaul, or start this one with another --data-dir.',
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses another program's SQLite database", () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Sqlite(file);
    db.pragma('application_id = 42');
    db.exec('CREATE TABLE theirs (x INTEGER)');
    db.close();
    expect(() => openStore({ file })).toThrow(/another program's SQLite database/);
  });

  it('refuses a file that is not a database', () => {
    const file = freshFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'this is not a database, it is a shopping list\n'.repeat(100));
    expect(() => openStore({ file })).toThrow(/is not an SQLite database/);
  });

  it('says what failed when the data directory cannot be made', () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => openStore({ file: path.join(blocker, 'longhaul.db') })).toThrow(/^cannot open the store .*a-file\/longhaul\.db: /);
  });
});

function countRows(db: Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}
