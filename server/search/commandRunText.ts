// The text of kept runs (the command, each host's output with escapes stripped) in an SQLite FTS5 index: which runs may hold a string.
import type { Database, Statement } from 'better-sqlite3';
import type { RunFinalLine } from '../../shared/run.js';
import { searchableText } from './closedSessionText.js';
import { indexCandidates } from './indexCandidates.js';

/**
 * A run's id is text and FTS5 wants an integer rowid that is never reused, so each indexed run gets one in
 * command_run_search. Trigram and contentless for the same reasons as closed_session_text: the text is already in
 * command_runs. The trigger takes a run's text out of the index whenever the run leaves the store (the store keeps
 * only the latest runs), so the index is bounded as the runs are.
 */
export const CREATE_COMMAND_RUN_TEXT = `
  CREATE TABLE command_run_search (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL UNIQUE
  ) STRICT;
  CREATE VIRTUAL TABLE command_run_text USING fts5(text, tokenize = 'trigram', content = '', contentless_delete = 1);
  CREATE TRIGGER command_run_text_pruned AFTER DELETE ON command_runs BEGIN
    DELETE FROM command_run_text WHERE rowid = (SELECT id FROM command_run_search WHERE run_id = old.id);
    DELETE FROM command_run_search WHERE run_id = old.id;
  END;
`;

/** A kept run as search reads it: only what a hit names, and the text it scans. */
export interface RunForSearch {
  id: string;
  command: string;
  startedAt: number;
  results: RunFinalLine[];
}

/** One text of a run that a search reads: its command, or one host's stream or error sentence. */
export interface RunPart {
  target?: string;
  in: 'command' | 'stdout' | 'stderr' | 'error';
  text: string;
}

/** A run's texts in the order hits are listed: the command, then each host's output as its results are ordered. */
export function* runParts(command: string, results: readonly RunFinalLine[]): Generator<RunPart> {
  yield { in: 'command', text: command };
  for (const result of results) {
    if ('error' in result) yield { target: result.target, in: 'error', text: result.error };
    else {
      if (result.stdout) yield { target: result.target, in: 'stdout', text: result.stdout };
      if (result.stderr) yield { target: result.target, in: 'stderr', text: result.stderr };
    }
  }
}

/** Everything of a run a search can match as one text for the index (each line is checked exactly afterwards). */
export function runSearchableText(command: string, results: readonly RunFinalLine[]): string {
  return [...runParts(command, results)].map((part) => searchableText(part.text)).join('\n');
}

interface RunRow {
  id: string;
  command: string;
  startedAt: number;
  results: string;
}

export class CommandRunText {
  private readonly insertId: Statement<[string]>;
  private readonly insertText: Statement<[number | bigint, string]>;
  private readonly matchingBelow: Statement<[string, number, number], { id: number }>;
  private readonly allBelow: Statement<[number, number], { id: number }>;
  private readonly selectForSearch: Statement<[number], RunRow>;

  constructor(db: Database) {
    this.insertId = db.prepare('INSERT INTO command_run_search (run_id) VALUES (?)');
    this.insertText = db.prepare('INSERT INTO command_run_text (rowid, text) VALUES (?, ?)');
    this.matchingBelow = db.prepare(
      'SELECT rowid AS id FROM command_run_text WHERE command_run_text MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
    );
    this.allBelow = db.prepare('SELECT id FROM command_run_search WHERE id < ? ORDER BY id DESC LIMIT ?');
    this.selectForSearch = db.prepare(`
      SELECT r.id, r.command, r.started_at AS startedAt, r.results
      FROM command_run_search s JOIN command_runs r ON r.id = s.run_id WHERE s.id = ?`);
  }

  /** Index a run just kept (in the same transaction as its insert), with the output as the store keeps it. */
  add(runId: string, command: string, results: readonly RunFinalLine[]): void {
    const { lastInsertRowid } = this.insertId.run(runId);
    this.insertText.run(lastInsertRowid, runSearchableText(command, results));
  }

  /** Index ids of the runs that may hold `literal`, the latest kept first (every one when the index cannot say). */
  candidates(literal: string | undefined): Generator<number> {
    return indexCandidates(literal, {
      matchingBelow: (phrase, below, limit) => this.matchingBelow.all(phrase, below, limit),
      allBelow: (below, limit) => this.allBelow.all(below, limit),
    });
  }

  /** A candidate run, or undefined when it left the store since. */
  run(indexId: number): RunForSearch | undefined {
    const row = this.selectForSearch.get(indexId);
    return row && { id: row.id, command: row.command, startedAt: row.startedAt, results: JSON.parse(row.results) as RunFinalLine[] };
  }
}

/** Fill the index from the runs already in a file (for the migration that creates it), oldest first like new ones. */
export function indexExistingRuns(db: Database): void {
  const text = new CommandRunText(db);
  const rows = db.prepare<[], { id: string; command: string; results: string }>('SELECT id, command, results FROM command_runs ORDER BY started_at, rowid').all();
  for (const row of rows) text.add(row.id, row.command, JSON.parse(row.results) as RunFinalLine[]);
}
