// The store's schema as an ordered list of migrations; PRAGMA user_version says how many a file has had.
import type { Database } from 'better-sqlite3';
import { CREATE_CLOSED_SESSION_TEXT, indexExistingHistory } from '../search/closedSessionText.js';
import { CREATE_COMMAND_RUN_TEXT, indexExistingRuns } from '../search/commandRunText.js';
import { StoreOpenError } from './errors.js';

/** Marks a SQLite file as longhaul's ("LHUL"), so another program's database is refused instead of altered. */
export const APPLICATION_ID = 0x4c48554c;

export interface Migration {
  /** What it changes, for readers of this file. */
  description: string;
  up(db: Database): void;
}

/**
 * Migration n (1-based) takes a file from version n-1 to n. Never edit or reorder a migration that has shipped:
 * append a new one. A migration that rebuilds a table must turn foreign keys off around it (outside the
 * transaction) as https://www.sqlite.org/lang_altertable.html describes.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'saved sessions, closed-session history with scrollback, half-duplex line history',
    up(db) {
      db.exec(`
        -- No column for a password or passphrase, by design: they are asked for in the page and never stored.
        CREATE TABLE saved_sessions (
          id                 TEXT PRIMARY KEY NOT NULL,
          name               TEXT NOT NULL,
          target             TEXT NOT NULL,
          auth               TEXT NOT NULL CHECK (auth IN ('agent', 'key-file', 'password')),
          key_file           TEXT CHECK ((auth = 'key-file') = (key_file IS NOT NULL)),
          predictive_echo    TEXT NOT NULL CHECK (predictive_echo IN ('auto', 'always', 'never')),
          half_duplex        INTEGER NOT NULL CHECK (half_duplex IN (0, 1)),
          color              TEXT NOT NULL,
          label              TEXT,
          command_on_connect TEXT,
          jump_host          TEXT,
          created_at         INTEGER NOT NULL,
          updated_at         INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX saved_sessions_name ON saved_sessions (name COLLATE NOCASE);

        -- AUTOINCREMENT: an id is never reused after pruning, so an old link cannot show another session.
        -- scrollback is the last column, so listing the history never reads its overflow pages.
        CREATE TABLE closed_sessions (
          id                   INTEGER PRIMARY KEY AUTOINCREMENT,
          live_session_id      TEXT,
          saved_session_id     TEXT REFERENCES saved_sessions (id) ON DELETE SET NULL,
          target               TEXT NOT NULL,
          title                TEXT NOT NULL,
          started_at           INTEGER,
          closed_at            INTEGER NOT NULL,
          end_message          TEXT,
          scrollback_bytes     INTEGER NOT NULL,
          scrollback_truncated INTEGER NOT NULL CHECK (scrollback_truncated IN (0, 1)),
          scrollback           TEXT NOT NULL
        ) STRICT;
        CREATE INDEX closed_sessions_closed_at ON closed_sessions (closed_at);
        CREATE INDEX closed_sessions_saved_session ON closed_sessions (saved_session_id);

        CREATE TABLE line_history (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          host       TEXT NOT NULL,
          line       TEXT NOT NULL,
          entered_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX line_history_host ON line_history (host, id);
      `);
    },
  },
  {
    description: "a saved session's own simulated round trip (NULL: --simulate-rtt applies)",
    up(db) {
      // Only the lower bound here: the upper one is the API's policy, and raising it must not need a migration.
      db.exec(`
        ALTER TABLE saved_sessions ADD COLUMN simulated_rtt_ms INTEGER CHECK (simulated_rtt_ms >= 0);
      `);
    },
  },
  {
    description: 'live sessions\' recent output, kept as they run, so a crash of longhaul still leaves their history',
    up(db) {
      // One row per live session, and its output appended every few seconds while it prints (only the new bytes,
      // so a long scrollback is not written again for each keystroke's echo). A clean end moves it to
      // closed_sessions; sessions still here when longhaul starts were cut off by a crash.
      db.exec(`
        CREATE TABLE live_sessions (
          live_session_id  TEXT PRIMARY KEY NOT NULL,
          saved_session_id TEXT REFERENCES saved_sessions (id) ON DELETE SET NULL,
          target           TEXT NOT NULL,
          title            TEXT NOT NULL,
          started_at       INTEGER NOT NULL,
          updated_at       INTEGER NOT NULL,
          -- Output offset of the oldest byte the session still holds: older kept output is no longer wanted.
          kept_from        INTEGER NOT NULL CHECK (kept_from >= 0)
        ) STRICT;
        -- Its output in the pieces it was kept in (only what is new each time), addressed by output offset.
        CREATE TABLE live_output (
          live_session_id TEXT NOT NULL REFERENCES live_sessions (live_session_id) ON DELETE CASCADE,
          start_offset    INTEGER NOT NULL CHECK (start_offset >= 0),
          bytes           BLOB NOT NULL,
          PRIMARY KEY (live_session_id, start_offset)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    description: 'a live session whose shell runs in tmux on its host: which tmux server and session, to reattach after a restart',
    up(db) {
      db.exec(`
        -- Both NULL for a shell on a pty, which ends with longhaul; both set for a durable shell, which does not.
        ALTER TABLE live_sessions ADD COLUMN tmux_socket TEXT;
        ALTER TABLE live_sessions ADD COLUMN tmux_session TEXT CHECK ((tmux_socket IS NULL) = (tmux_session IS NULL));
      `);
    },
  },
  {
    description: 'saved sessions may be kept connected, choose durable shells or not, and keep them running when closed',
    up(db) {
      db.exec(`
        ALTER TABLE saved_sessions ADD COLUMN keep_connected INTEGER NOT NULL DEFAULT 0 CHECK (keep_connected IN (0, 1));
        ALTER TABLE saved_sessions ADD COLUMN durable TEXT NOT NULL DEFAULT 'auto' CHECK (durable IN ('auto', 'off'));
        ALTER TABLE saved_sessions ADD COLUMN keep_running_when_closed INTEGER NOT NULL DEFAULT 0 CHECK (keep_running_when_closed IN (0, 1));
      `);
    },
  },
  {
    description: 'host groups (a name and its members), and runs of one command on many hosts with their results',
    up(db) {
      db.exec(`
        -- members: a JSON array of strings as the person wrote them (saved session names, aliases, patterns such as
        -- isu0*); they are expanded against the ssh config when read, so a group follows the config.
        CREATE TABLE host_groups (
          id         TEXT PRIMARY KEY NOT NULL,
          name       TEXT NOT NULL,
          members    TEXT NOT NULL CHECK (json_valid(members) AND json_type(members) = 'array'),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX host_groups_name ON host_groups (name COLLATE NOCASE);

        -- results: a JSON array of each target's final line, its output already cut to the store's bound; last, so
        -- listing runs never reads its overflow pages.
        CREATE TABLE command_runs (
          id         TEXT PRIMARY KEY NOT NULL,
          command    TEXT NOT NULL,
          targets    TEXT NOT NULL CHECK (json_valid(targets)),
          started_at INTEGER NOT NULL,
          ended_at   INTEGER NOT NULL,
          stopped    INTEGER NOT NULL CHECK (stopped IN (0, 1)),
          results    TEXT NOT NULL CHECK (json_valid(results))
        ) STRICT;
        CREATE INDEX command_runs_started_at ON command_runs (started_at);
      `);
    },
  },
  {
    description: 'a full-text index of closed sessions\' text (escapes stripped), filled from the history already kept',
    up(db) {
      db.exec(CREATE_CLOSED_SESSION_TEXT);
      indexExistingHistory(db);
    },
  },
  {
    description: 'a full-text index of kept runs\' text (the command, each host\'s output with escapes stripped), filled from the runs already kept',
    up(db) {
      db.exec(CREATE_COMMAND_RUN_TEXT);
      indexExistingRuns(db);
    },
  },
  {
    description: 'saved sessions may type the shell integration line into each new shell',
    up(db) {
      db.exec(`
        ALTER TABLE saved_sessions ADD COLUMN shell_integration INTEGER NOT NULL DEFAULT 0 CHECK (shell_integration IN (0, 1));
      `);
    },
  },
];

/** The schema version this longhaul writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Refuse a file this longhaul must not touch: another program's database, or one a newer longhaul has migrated
 * (its tables may mean something this version does not know).
 */
export function checkSchema(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    throw new StoreOpenError(`${file} is another program's SQLite database, not longhaul's store; use another --data-dir.`);
  }
  const version = schemaVersion(db);
  if (version > migrations.length) {
    throw new StoreOpenError(
      `${file} was written by a newer longhaul (store version ${version}; this one knows up to ${migrations.length}). ` +
        'Upgrade longhaul, or start this one with another --data-dir.',
    );
  }
}

/**
 * Bring a file up to date: each missing migration runs in its own transaction with the version bump, so a crash
 * leaves the file at a whole version. The write lock is taken first (IMMEDIATE) and the version read again under
 * it, so two longhauls starting at once do not both migrate.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkSchema(db, file, migrations);
  const from = schemaVersion(db);
  for (let next = from + 1; next <= migrations.length; next++) {
    const migration = migrations[next - 1]!;
    db.transaction(() => {
      const current = schemaVersion(db);
      if (current >= next) return;
      migration.up(db);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${next}`);
    }).immediate();
  }
  checkSchema(db, file, migrations);
  return { from, to: schemaVersion(db) };
}
