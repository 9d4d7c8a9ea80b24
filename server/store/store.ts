// longhaul's one SQLite file: opened with its durability settings, checked, migrated, and its repositories.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite, { type Database } from 'better-sqlite3';
import { CommandRuns } from './commandRuns.js';
import { ClosedSessions, DEFAULT_CLOSED_HISTORY_LIMITS, type ClosedHistoryLimits } from './closedSessions.js';
import { StoreOpenError } from './errors.js';
import { HostGroups } from './hostGroups.js';
import { LineHistory, MAX_LINES_PER_HOST } from './lineHistory.js';
import { LiveSessions } from './liveSessions.js';
import { checkSchema, migrate, MIGRATIONS, type Migration } from './migrations.js';
import { SavedSessions } from './savedSessions.js';

export const STORE_FILE_NAME = 'longhaul.db';

/** How long a write waits for another longhaul on the same file before it fails. */
const BUSY_TIMEOUT_MS = 5_000;

export interface StoreOptions {
  /** The database file, or ':memory:' (tests). */
  file: string;
  now?: () => number;
  newId?: () => string;
  closedHistory?: Partial<ClosedHistoryLimits>;
  linesPerHost?: number;
  /** Tests only: a different migration list. */
  migrations?: readonly Migration[];
}

export interface Store {
  readonly file: string;
  readonly savedSessions: SavedSessions;
  readonly closedSessions: ClosedSessions;
  /** Live sessions' recent output, kept as they run, so a crash still leaves their history. */
  readonly liveSessions: LiveSessions;
  readonly lineHistory: LineHistory;
  readonly hostGroups: HostGroups;
  /** Runs of one command on many hosts, with each host's result. */
  readonly commandRuns: CommandRuns;
  /** `PRAGMA integrity_check`: ['ok'] when the file is sound, else what is wrong. */
  integrityCheck(): string[];
  /** Idempotent. */
  close(): void;
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, STORE_FILE_NAME);
}

/**
 * Open (creating if needed) the store. Throws StoreOpenError, with one sentence, when the file cannot be used.
 *
 * Durability: WAL with synchronous=FULL. A commit returns only after its WAL frames are fsynced, so every saved
 * session the API has answered for survives SIGKILL *and* a power cut or kernel crash. (synchronous=NORMAL would
 * be enough for SIGKILL alone, since committed frames are already in the kernel's page cache, but it may lose
 * the last commits to a power cut.) The cost is one fsync per commit, which at a person's pace of edits and
 * closed tabs is nothing. WAL also keeps readers (the page listing sessions) from waiting on a writer.
 */
export function openStore(options: StoreOptions): Store {
  const { file } = options;
  const inMemory = file === ':memory:';
  let db: Database;
  try {
    if (!inMemory) {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Scrollback can hold anything a shell printed: owner-only, like the token. SQLite gives the -wal and -shm
      // files the same permissions as the database file.
      fs.closeSync(fs.openSync(file, 'a', 0o600));
    }
    db = new Sqlite(file, { fileMustExist: !inMemory });
  } catch (error) {
    throw new StoreOpenError(`cannot open the store ${file}: ${describe(error)}`);
  }
  try {
    const migrations = options.migrations ?? MIGRATIONS;
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    checkSchema(db, file, migrations); // before anything writes to a file that may not be ours to change
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, migrations);
  } catch (error) {
    db.close();
    if (error instanceof StoreOpenError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw new StoreOpenError(`${file} is not an SQLite database, so not longhaul's store; move it aside or use another --data-dir.`);
    }
    throw new StoreOpenError(`cannot use the store ${file}: ${describe(error)}`);
  }

  const now = options.now ?? Date.now;
  const closedLimits = { ...DEFAULT_CLOSED_HISTORY_LIMITS, ...options.closedHistory };
  let closed = false;
  const closedSessions = new ClosedSessions(db, closedLimits);
  return {
    file,
    savedSessions: new SavedSessions(db, { now }, options.newId ?? randomUUID),
    closedSessions,
    liveSessions: new LiveSessions(db, closedSessions, closedLimits.scrollbackBytes),
    lineHistory: new LineHistory(db, now, options.linesPerHost ?? MAX_LINES_PER_HOST),
    hostGroups: new HostGroups(db, { now }, options.newId ?? randomUUID),
    commandRuns: new CommandRuns(db),
    integrityCheck: () => (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
