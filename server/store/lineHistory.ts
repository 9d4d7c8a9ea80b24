// Lines sent from the half-duplex line editor, kept per host (as typed: `de1`, `alice@host:2222`) and bounded.
import type { Database, Statement } from 'better-sqlite3';

/** Lines kept per host; the oldest go first. */
export const MAX_LINES_PER_HOST = 1000;
/** Longer lines are not kept (a pasted script is not a command to recall). */
export const MAX_LINE_LENGTH = 4096;

export class LineHistory {
  private readonly insert: Statement<[string, string, number]>;
  private readonly selectLast: Statement<[string], { line: string }>;
  private readonly selectRecent: Statement<[string, number], { line: string }>;
  private readonly trim: Statement<[string, string, number]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly maxPerHost = MAX_LINES_PER_HOST,
  ) {
    this.insert = db.prepare('INSERT INTO line_history (host, line, entered_at) VALUES (?, ?, ?)');
    this.selectLast = db.prepare('SELECT line FROM line_history WHERE host = ? ORDER BY id DESC LIMIT 1');
    this.selectRecent = db.prepare('SELECT line FROM line_history WHERE host = ? ORDER BY id DESC LIMIT ?');
    this.trim = db.prepare(`
      DELETE FROM line_history WHERE host = ? AND id <= (
        SELECT id FROM line_history WHERE host = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`);
  }

  /**
   * Remember a line sent to a host. Blank lines, over-long lines and a repeat of the line just before are not
   * kept (as a shell's `ignoredups`). Returns whether it was kept. The page must not call this for what was typed
   * at a password prompt (echo off): this table is plain text.
   */
  append(host: string, line: string): boolean {
    if (!host || !line.trim() || line.length > MAX_LINE_LENGTH) return false;
    return this.db
      .transaction(() => {
        if (this.selectLast.get(host)?.line === line) return false;
        this.insert.run(host, line, this.now());
        this.trim.run(host, host, this.maxPerHost);
        return true;
      })
      .immediate();
  }

  /** A host's lines, oldest first (the most recent `limit` of them). */
  list(host: string, limit = this.maxPerHost): string[] {
    return this.selectRecent
      .all(host, Math.max(0, Math.floor(limit)))
      .map((row) => row.line)
      .reverse();
  }
}
