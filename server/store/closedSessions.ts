// The history of closed sessions with their scrollback, bounded per entry, in entries and in total bytes.
import type { Database, Statement } from 'better-sqlite3';
import type { ClosedSession, ClosedSessionSummary } from '../../shared/savedSessions.js';
import { ClosedSessionText } from '../search/closedSessionText.js';
import { InvalidInputError } from './errors.js';
import { lastLineOf } from './lastLine.js';

/** Scrollback kept per closed session: the output buffer's default size, so nothing is cut by default. */
export const MAX_SCROLLBACK_BYTES = 4 * 1024 * 1024;
/** Closed sessions kept, newest first. */
export const MAX_CLOSED_SESSIONS = 200;
/** Scrollback kept across the whole history; the oldest entries go first. */
export const MAX_CLOSED_SCROLLBACK_BYTES = 64 * 1024 * 1024;
const MAX_TITLE_LENGTH = 256;
const MAX_END_MESSAGE_LENGTH = 500;

export interface ClosedHistoryLimits {
  scrollbackBytes: number;
  entries: number;
  totalScrollbackBytes: number;
}

export const DEFAULT_CLOSED_HISTORY_LIMITS: ClosedHistoryLimits = {
  scrollbackBytes: MAX_SCROLLBACK_BYTES,
  entries: MAX_CLOSED_SESSIONS,
  totalScrollbackBytes: MAX_CLOSED_SCROLLBACK_BYTES,
};

/** A session that just ended, as the bridge hands it to the history. */
export interface NewClosedSession {
  target: string;
  /** What its tab was called; the target when left out. */
  title?: string;
  /** The live session's id, so a reopened tab can say where it came from. */
  liveSessionId?: string;
  /** The saved session it was opened from; ignored if that no longer exists. */
  savedSessionId?: string;
  startedAt?: number;
  closedAt: number;
  endMessage?: string;
  /** Its output as the terminal got it (escape sequences and colours kept), oldest first. */
  scrollback: string;
}

/**
 * Keep the last `maxBytes` of terminal output (UTF-8). The cut goes after a line break when there is one in
 * the part kept, so the kept text starts with a whole line (and not inside an escape sequence); otherwise at a
 * character boundary.
 */
export function keepScrollbackTail(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, truncated: false };
  let start = bytes.length - maxBytes;
  const newline = bytes.indexOf(0x0a, start);
  if (newline >= 0 && newline + 1 < bytes.length) start = newline + 1;
  else while (start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++; // not inside a UTF-8 sequence
  return { text: bytes.subarray(start).toString('utf8'), truncated: true };
}

interface ClosedSessionRow {
  id: number;
  live_session_id: string | null;
  saved_session_id: string | null;
  target: string;
  title: string;
  started_at: number | null;
  closed_at: number;
  end_message: string | null;
  scrollback_bytes: number;
  scrollback_truncated: number;
  scrollback?: string;
  /** The end of the scrollback, enough for its last lines. */
  tail?: string | null;
}

function summaryFromRow(row: ClosedSessionRow): ClosedSessionSummary {
  const summary: ClosedSessionSummary = {
    id: row.id,
    target: row.target,
    title: row.title,
    closedAt: row.closed_at,
    scrollbackBytes: row.scrollback_bytes,
    scrollbackTruncated: row.scrollback_truncated === 1,
  };
  if (row.saved_session_id !== null) summary.savedSessionId = row.saved_session_id;
  if (row.live_session_id !== null) summary.liveSessionId = row.live_session_id;
  if (row.started_at !== null) summary.startedAt = row.started_at;
  if (row.end_message !== null) summary.endMessage = row.end_message;
  const lastLine = lastLineOf(row.tail ?? row.scrollback ?? '');
  if (lastLine !== undefined) summary.lastLine = lastLine;
  return summary;
}

const SUMMARY_COLUMNS =
  'id, live_session_id, saved_session_id, target, title, started_at, closed_at, end_message, scrollback_bytes, scrollback_truncated';
/**
 * The last characters of the scrollback, for the summary's last line: read with the list rather than stored, so
 * the list costs a few KiB per entry and no column has to be kept in step with the scrollback.
 */
const TAIL_COLUMN = 'substr(scrollback, -4096) AS tail';

export class ClosedSessions {
  private readonly insert: Statement;
  private readonly savedExists: Statement<[string], { one: number }>;
  private readonly selectList: Statement<[number], ClosedSessionRow>;
  private readonly selectOne: Statement<[number], ClosedSessionRow>;
  private readonly pruneByCount: Statement<[number]>;
  private readonly selectSizesNewestFirst: Statement<[], { id: number; scrollback_bytes: number }>;
  private readonly deleteUpTo: Statement<[number]>;
  /** Its text for search; entries leave it with the history (a trigger), so only adding is done here. */
  readonly text: ClosedSessionText;

  constructor(
    private readonly db: Database,
    private readonly limits: ClosedHistoryLimits = DEFAULT_CLOSED_HISTORY_LIMITS,
  ) {
    this.insert = db.prepare(`
      INSERT INTO closed_sessions (live_session_id, saved_session_id, target, title, started_at, closed_at,
                                   end_message, scrollback_bytes, scrollback_truncated, scrollback)
      VALUES (@live_session_id, @saved_session_id, @target, @title, @started_at, @closed_at,
              @end_message, @scrollback_bytes, @scrollback_truncated, @scrollback)`);
    this.savedExists = db.prepare('SELECT 1 AS one FROM saved_sessions WHERE id = ?');
    this.selectList = db.prepare(`SELECT ${SUMMARY_COLUMNS}, ${TAIL_COLUMN} FROM closed_sessions ORDER BY id DESC LIMIT ?`);
    this.selectOne = db.prepare(`SELECT ${SUMMARY_COLUMNS}, scrollback FROM closed_sessions WHERE id = ?`);
    this.pruneByCount = db.prepare(
      'DELETE FROM closed_sessions WHERE id NOT IN (SELECT id FROM closed_sessions ORDER BY id DESC LIMIT ?)',
    );
    this.selectSizesNewestFirst = db.prepare('SELECT id, scrollback_bytes FROM closed_sessions ORDER BY id DESC');
    this.deleteUpTo = db.prepare('DELETE FROM closed_sessions WHERE id <= ?');
    this.text = new ClosedSessionText(db);
  }

  /** Keep a session that ended, its scrollback cut to the limit, then prune the oldest beyond the limits. */
  add(entry: NewClosedSession): ClosedSessionSummary {
    if (!entry.target.trim()) throw new InvalidInputError('a closed session needs its target');
    if (!Number.isSafeInteger(entry.closedAt)) throw new InvalidInputError('closedAt must be a time in milliseconds');
    const { text, truncated } = keepScrollbackTail(entry.scrollback, this.limits.scrollbackBytes);
    return this.db
      .transaction(() => {
        const saved = entry.savedSessionId !== undefined && this.savedExists.get(entry.savedSessionId);
        const { lastInsertRowid } = this.insert.run({
          live_session_id: entry.liveSessionId ?? null,
          saved_session_id: saved ? entry.savedSessionId : null,
          target: entry.target,
          title: (entry.title?.trim() || entry.target).slice(0, MAX_TITLE_LENGTH),
          started_at: entry.startedAt ?? null,
          closed_at: entry.closedAt,
          end_message: entry.endMessage?.slice(0, MAX_END_MESSAGE_LENGTH) ?? null,
          scrollback_bytes: Buffer.byteLength(text, 'utf8'),
          scrollback_truncated: truncated ? 1 : 0,
          scrollback: text,
        });
        const id = Number(lastInsertRowid);
        this.text.add(id, text);
        this.pruneWithinTransaction();
        return summaryFromRow(this.selectOne.get(id)!);
      })
      .immediate();
  }

  /** The history, newest first, without scrollback. */
  list(limit = this.limits.entries): ClosedSessionSummary[] {
    return this.selectList.all(Math.max(0, Math.floor(limit))).map(summaryFromRow);
  }

  /** One closed session with its scrollback. */
  get(id: number): ClosedSession | undefined {
    if (!Number.isSafeInteger(id)) return undefined;
    const row = this.selectOne.get(id);
    return row ? { ...summaryFromRow(row), scrollback: row.scrollback ?? '' } : undefined;
  }

  /** Drop the oldest entries beyond the limits; returns how many went. */
  prune(): number {
    return this.db.transaction(() => this.pruneWithinTransaction()).immediate();
  }

  /** The newest entry always stays, whatever the limits say: it is the one a person may reopen next. */
  private pruneWithinTransaction(): number {
    let removed = this.pruneByCount.run(Math.max(1, this.limits.entries)).changes;
    const newestFirst = this.selectSizesNewestFirst.all();
    let total = 0;
    for (const [index, row] of newestFirst.entries()) {
      total += row.scrollback_bytes;
      if (index > 0 && total > this.limits.totalScrollbackBytes) {
        removed += this.deleteUpTo.run(row.id).changes;
        break;
      }
    }
    return removed;
  }
}
