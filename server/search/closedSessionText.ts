// The text of closed sessions, as a person saw it, in an SQLite FTS5 index: which sessions may hold a string.
import type { Database, Statement } from 'better-sqlite3';
import { screenLines } from '../store/lastLine.js';
import { indexCandidates } from './indexCandidates.js';

/**
 * The index's table and the trigger that keeps it in step with the history. Trigram tokens find any substring of
 * three characters or more, as a terminal's own search does (not only whole words), case-insensitively; the exact
 * match (case, whole word) is then checked line by line. Contentless: the text is already in closed_sessions, so
 * the index holds only tokens, and contentless_delete lets a pruned session's rows go.
 */
export const CREATE_CLOSED_SESSION_TEXT = `
  CREATE VIRTUAL TABLE closed_session_text USING fts5(text, tokenize = 'trigram', content = '', contentless_delete = 1);
  -- Every way an entry leaves the history (pruning, a limit) takes its text out of the index with it.
  CREATE TRIGGER closed_session_text_pruned AFTER DELETE ON closed_sessions BEGIN
    DELETE FROM closed_session_text WHERE rowid = old.id;
  END;
`;

/** A closed session's output as the index holds it: the lines a person saw, escapes gone. */
export function searchableText(output: string): string {
  return screenLines(output).join('\n');
}

export interface ClosedSessionForSearch {
  id: number;
  target: string;
  title: string;
  /** The saved session it was opened from, if that still exists. */
  savedName: string | null;
  closedAt: number;
  scrollback: string;
}

export class ClosedSessionText {
  private readonly insert: Statement<[number, string]>;
  private readonly matchingBelow: Statement<[string, number, number], { id: number }>;
  private readonly allBelow: Statement<[number, number], { id: number }>;
  private readonly selectForSearch: Statement<[number], ClosedSessionForSearch>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO closed_session_text (rowid, text) VALUES (?, ?)');
    this.matchingBelow = db.prepare(
      'SELECT rowid AS id FROM closed_session_text WHERE closed_session_text MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
    );
    this.allBelow = db.prepare('SELECT id FROM closed_sessions WHERE id < ? ORDER BY id DESC LIMIT ?');
    this.selectForSearch = db.prepare(`
      SELECT c.id, c.target, c.title, s.name AS savedName, c.closed_at AS closedAt, c.scrollback
      FROM closed_sessions c LEFT JOIN saved_sessions s ON s.id = c.saved_session_id WHERE c.id = ?`);
  }

  /** A candidate's output and what names it, read with nothing else (no summary worked out from it). */
  session(id: number): ClosedSessionForSearch | undefined {
    return this.selectForSearch.get(id);
  }

  /** Index a session just kept in history (called in the same transaction as its insert). */
  add(id: number, output: string): void {
    this.insert.run(id, searchableText(output));
  }

  /** Ids of the closed sessions that may hold `literal`, newest first (every one when the index cannot say). */
  candidates(literal: string | undefined): Generator<number> {
    return indexCandidates(literal, {
      matchingBelow: (phrase, below, limit) => this.matchingBelow.all(phrase, below, limit),
      allBelow: (below, limit) => this.allBelow.all(below, limit),
    });
  }
}

/** Fill the index from the history already in a file (for the migration that creates it). */
export function indexExistingHistory(db: Database): void {
  const text = new ClosedSessionText(db);
  const ids = db.prepare<[], { id: number }>('SELECT id FROM closed_sessions').all();
  const scrollbackOf = db.prepare<[number], { scrollback: string }>('SELECT scrollback FROM closed_sessions WHERE id = ?');
  for (const { id } of ids) text.add(id, scrollbackOf.get(id)!.scrollback);
}
