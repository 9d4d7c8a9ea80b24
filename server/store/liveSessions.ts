// Live sessions' recent output, kept while they run: a clean end moves each into the history, and the next start
// of longhaul moves what a crash left behind.
import type { Database, Statement } from 'better-sqlite3';
import type { ClosedSessionSummary } from '../../shared/savedSessions.js';
import { keepScrollbackTail, type ClosedSessions, type NewClosedSession } from './closedSessions.js';

const MAX_TITLE_LENGTH = 256;

/** A live session's output as it stands now, to keep in case longhaul dies before the session ends. */
export interface LiveSessionSnapshot {
  liveSessionId: string;
  target: string;
  title?: string;
  savedSessionId?: string;
  startedAt: number;
  /** Its recent output (escape sequences kept), oldest first; already bounded by the session's output buffer. */
  scrollback: string;
}

interface LiveSessionRow {
  live_session_id: string;
  saved_session_id: string | null;
  target: string;
  title: string;
  started_at: number;
  updated_at: number;
  scrollback: string;
}

export class LiveSessions {
  private readonly upsert: Statement;
  private readonly savedExists: Statement<[string], { one: number }>;
  private readonly remove: Statement<[string]>;
  private readonly selectAll: Statement<[], LiveSessionRow>;

  constructor(
    private readonly db: Database,
    private readonly closed: ClosedSessions,
    private readonly scrollbackBytes: number,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO live_sessions (live_session_id, saved_session_id, target, title, started_at, updated_at,
                                 scrollback_bytes, scrollback_truncated, scrollback)
      VALUES (@live_session_id, @saved_session_id, @target, @title, @started_at, @updated_at,
              @scrollback_bytes, @scrollback_truncated, @scrollback)
      ON CONFLICT (live_session_id) DO UPDATE SET
        updated_at = excluded.updated_at, scrollback_bytes = excluded.scrollback_bytes,
        scrollback_truncated = excluded.scrollback_truncated, scrollback = excluded.scrollback
    `);
    this.savedExists = db.prepare('SELECT 1 AS one FROM saved_sessions WHERE id = ?');
    this.remove = db.prepare('DELETE FROM live_sessions WHERE live_session_id = ?');
    this.selectAll = db.prepare(
      'SELECT live_session_id, saved_session_id, target, title, started_at, updated_at, scrollback FROM live_sessions ORDER BY updated_at, rowid',
    );
  }

  /** Keep these sessions' output as of `at`, all in one transaction (one commit, one fsync). */
  keep(snapshots: readonly LiveSessionSnapshot[], at: number): void {
    if (snapshots.length === 0) return;
    this.db
      .transaction(() => {
        for (const snapshot of snapshots) {
          const { text, truncated } = keepScrollbackTail(snapshot.scrollback, this.scrollbackBytes);
          const saved = snapshot.savedSessionId !== undefined && this.savedExists.get(snapshot.savedSessionId);
          this.upsert.run({
            live_session_id: snapshot.liveSessionId,
            saved_session_id: saved ? snapshot.savedSessionId : null,
            target: snapshot.target,
            title: (snapshot.title?.trim() || snapshot.target).slice(0, MAX_TITLE_LENGTH),
            started_at: snapshot.startedAt,
            updated_at: at,
            scrollback_bytes: Buffer.byteLength(text, 'utf8'),
            scrollback_truncated: truncated ? 1 : 0,
            scrollback: text,
          });
        }
      })
      .immediate();
  }

  /** A session ended: its history entry takes the place of its live row in one transaction, so it is never in both. */
  end(entry: NewClosedSession & { liveSessionId: string }): ClosedSessionSummary {
    return this.db
      .transaction(() => {
        const summary = this.closed.add(entry);
        this.remove.run(entry.liveSessionId);
        return summary;
      })
      .immediate();
  }

  /**
   * Sessions a previous run of longhaul still had when it died: each becomes a history entry, closed when its
   * output was last kept, with `endMessage(target)` as the reason. Returns them oldest first.
   */
  endLeftovers(endMessage: (target: string) => string): ClosedSessionSummary[] {
    return this.db
      .transaction(() =>
        this.selectAll.all().map((row) =>
          this.end({
            liveSessionId: row.live_session_id,
            target: row.target,
            title: row.title,
            ...(row.saved_session_id !== null ? { savedSessionId: row.saved_session_id } : {}),
            startedAt: row.started_at,
            closedAt: row.updated_at,
            endMessage: endMessage(row.target),
            scrollback: row.scrollback,
          }),
        ),
      )
      .immediate();
  }

  /** The sessions kept as live now, oldest update first (for tests). */
  list(): { liveSessionId: string; target: string; updatedAt: number; scrollback: string }[] {
    return this.selectAll.all().map((row) => ({ liveSessionId: row.live_session_id, target: row.target, updatedAt: row.updated_at, scrollback: row.scrollback }));
  }
}
