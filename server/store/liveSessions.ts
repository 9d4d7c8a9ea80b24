// Live sessions' recent output, kept while they run: a clean end moves each into the history, and the next start
// of longhaul moves what a crash left behind.
import type { Database, Statement } from 'better-sqlite3';
import type { ClosedSessionSummary } from '../../shared/savedSessions.js';
import { keepScrollbackTail, type ClosedSessions, type NewClosedSession } from './closedSessions.js';

const MAX_TITLE_LENGTH = 256;

/** What is new of a live session's output since it was last kept, to keep in case longhaul dies before it ends. */
export interface LiveSessionSnapshot {
  liveSessionId: string;
  target: string;
  title?: string;
  savedSessionId?: string;
  startedAt: number;
  /** Output offset of the oldest byte the session still holds; kept output before it is dropped. */
  keptFrom: number;
  /** Its output from `offset` on (raw bytes, escape sequences and all), at most its output buffer's size. */
  output: { offset: number; bytes: Buffer };
  /** The tmux session on the host its shell runs in, for a durable shell. */
  durable?: DurableShellRef;
  /** Its output starts afresh (a durable shell taken back after a restart): the output kept before goes. */
  replacesKept?: boolean;
}

/** Where a durable shell runs on its host: tmux server (`-L` name) and session. */
export interface DurableShellRef {
  socket: string;
  sessionName: string;
}

/** A durable shell a previous run of longhaul had, to reattach to. */
export interface DurableLeftover {
  liveSessionId: string;
  target: string;
  savedSessionId?: string;
  startedAt: number;
  durable: DurableShellRef;
}

interface LiveSessionRow {
  live_session_id: string;
  saved_session_id: string | null;
  target: string;
  title: string;
  started_at: number;
  updated_at: number;
  kept_from: number;
  tmux_socket: string | null;
  tmux_session: string | null;
}

/**
 * A session's output as kept, from `keptFrom` and then from a line start (as a replay begins: never inside a
 * character or an escape sequence's line), as text.
 */
export function keptText(pieces: readonly { start_offset: number; bytes: Buffer }[], keptFrom: number): string {
  if (pieces.length === 0) return '';
  const base = pieces[0]!.start_offset;
  let bytes = Buffer.concat(pieces.map((piece) => piece.bytes)).subarray(Math.max(0, keptFrom - base));
  if (keptFrom > 0) {
    const newline = bytes.indexOf(0x0a);
    if (newline >= 0) bytes = bytes.subarray(newline + 1);
  }
  return bytes.toString('utf8');
}

export class LiveSessions {
  private readonly upsert: Statement;
  private readonly insertOutput: Statement;
  private readonly dropOutputBefore: Statement<[string, number]>;
  private readonly savedExists: Statement<[string], { one: number }>;
  private readonly remove: Statement<[string]>;
  private readonly selectAll: Statement<[], LiveSessionRow>;
  private readonly selectOutput: Statement<[string], { start_offset: number; bytes: Buffer }>;

  constructor(
    private readonly db: Database,
    private readonly closed: ClosedSessions,
    private readonly scrollbackBytes: number,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO live_sessions (live_session_id, saved_session_id, target, title, started_at, updated_at, kept_from, tmux_socket, tmux_session)
      VALUES (@live_session_id, @saved_session_id, @target, @title, @started_at, @updated_at, @kept_from, @tmux_socket, @tmux_session)
      ON CONFLICT (live_session_id) DO UPDATE SET updated_at = excluded.updated_at, kept_from = excluded.kept_from
    `);
    this.insertOutput = db.prepare('INSERT OR REPLACE INTO live_output (live_session_id, start_offset, bytes) VALUES (?, ?, ?)');
    this.dropOutputBefore = db.prepare('DELETE FROM live_output WHERE live_session_id = ? AND start_offset + length(bytes) <= ?');
    this.savedExists = db.prepare('SELECT 1 AS one FROM saved_sessions WHERE id = ?');
    this.remove = db.prepare('DELETE FROM live_sessions WHERE live_session_id = ?');
    this.selectAll = db.prepare(
      'SELECT live_session_id, saved_session_id, target, title, started_at, updated_at, kept_from, tmux_socket, tmux_session FROM live_sessions ORDER BY updated_at, rowid',
    );
    this.selectOutput = db.prepare('SELECT start_offset, bytes FROM live_output WHERE live_session_id = ? ORDER BY start_offset');
  }

  /**
   * Add what is new of these sessions' output as of `at`, and drop what they no longer hold, all in one transaction
   * (one commit, one fsync). Output already kept is never written again.
   */
  keep(snapshots: readonly LiveSessionSnapshot[], at: number): void {
    if (snapshots.length === 0) return;
    this.db
      .transaction(() => {
        for (const snapshot of snapshots) {
          const saved = snapshot.savedSessionId !== undefined && this.savedExists.get(snapshot.savedSessionId);
          this.upsert.run({
            live_session_id: snapshot.liveSessionId,
            saved_session_id: saved ? snapshot.savedSessionId : null,
            target: snapshot.target,
            title: (snapshot.title?.trim() || snapshot.target).slice(0, MAX_TITLE_LENGTH),
            started_at: snapshot.startedAt,
            updated_at: at,
            kept_from: snapshot.keptFrom,
            tmux_socket: snapshot.durable?.socket ?? null,
            tmux_session: snapshot.durable?.sessionName ?? null,
          });
          if (snapshot.replacesKept) this.dropOutputBefore.run(snapshot.liveSessionId, Number.MAX_SAFE_INTEGER);
          if (snapshot.output.bytes.byteLength > 0) this.insertOutput.run(snapshot.liveSessionId, snapshot.output.offset, snapshot.output.bytes);
          this.dropOutputBefore.run(snapshot.liveSessionId, snapshot.keptFrom);
        }
      })
      .immediate();
  }

  /** A session ended: its history entry takes the place of its live rows in one transaction, so it is never in both. */
  end(entry: NewClosedSession & { liveSessionId: string }): ClosedSessionSummary {
    return this.db
      .transaction(() => {
        const summary = this.closed.add(entry);
        this.remove.run(entry.liveSessionId); // its output goes with it (ON DELETE CASCADE)
        return summary;
      })
      .immediate();
  }

  /**
   * Sessions a previous run of longhaul still had when it died: each becomes a history entry, closed when its
   * output was last kept, with `endMessage(target)` as the reason. Returns them oldest first.
   */
  endLeftovers(endMessage: (target: string) => string, options: { keepDurable?: boolean } = {}): ClosedSessionSummary[] {
    return this.db
      .transaction(() =>
        this.selectAll
          .all()
          // A durable shell runs on in tmux on its host: it is reattached to, not ended.
          .filter((row) => !(options.keepDurable && row.tmux_session !== null))
          .map((row) =>
          this.end({
            liveSessionId: row.live_session_id,
            target: row.target,
            title: row.title,
            ...(row.saved_session_id !== null ? { savedSessionId: row.saved_session_id } : {}),
            startedAt: row.started_at,
            closedAt: row.updated_at,
            endMessage: endMessage(row.target),
            scrollback: keepScrollbackTail(this.textOf(row), this.scrollbackBytes).text,
          }),
        ),
      )
      .immediate();
  }

  /**
   * Forget a live session without a history entry: its shell was left running on its host for good (Keep running
   * when closed), where a new tab finds it; it is not this longhaul's to take back at its next start.
   */
  forget(liveSessionId: string): void {
    this.remove.run(liveSessionId);
  }

  /** The durable shells a previous run left, oldest update first: each is reattached to as it was. */
  durableLeftovers(): DurableLeftover[] {
    return this.selectAll.all().flatMap((row) =>
      row.tmux_socket !== null && row.tmux_session !== null
        ? [
            {
              liveSessionId: row.live_session_id,
              target: row.target,
              ...(row.saved_session_id !== null ? { savedSessionId: row.saved_session_id } : {}),
              startedAt: row.started_at,
              durable: { socket: row.tmux_socket, sessionName: row.tmux_session },
            },
          ]
        : [],
    );
  }

  private textOf(row: LiveSessionRow): string {
    return keptText(this.selectOutput.all(row.live_session_id), row.kept_from);
  }

  /** The sessions kept as live now, oldest update first, with their output as text (for tests). */
  list(): { liveSessionId: string; target: string; updatedAt: number; scrollback: string }[] {
    return this.selectAll.all().map((row) => ({ liveSessionId: row.live_session_id, target: row.target, updatedAt: row.updated_at, scrollback: this.textOf(row) }));
  }
}
