// Runs of one command on many hosts, kept in the store: the command, its targets and each one's result, bounded.
import type { Database, Statement } from 'better-sqlite3';
import type { RunFinalLine } from '../../shared/run.js';
import type { FinishedRun } from '../run/commandRun.js';
import { CommandRunText } from '../search/commandRunText.js';

/** Output kept in the store per stream and target: enough to see what happened, not a log archive. */
export const STORED_OUTPUT_BYTES = 8 * 1024;
/** Runs kept; the oldest go first. */
export const MAX_STORED_RUNS = 200;

interface RunRow {
  id: string;
  command: string;
  targets: string;
  started_at: number;
  ended_at: number;
  stopped: number;
  results: string;
}

export class CommandRuns {
  private readonly insert: Statement;
  private readonly prune: Statement<[number]>;
  private readonly selectRecent: Statement<[number], RunRow>;
  private readonly selectOne: Statement<[string], RunRow>;
  /** Their text for search; a run leaves it with the store (a trigger), so only adding is done here. */
  readonly text: CommandRunText;

  constructor(private readonly db: Database, private readonly maxRuns = MAX_STORED_RUNS) {
    this.insert = db.prepare(
      'INSERT INTO command_runs (id, command, targets, started_at, ended_at, stopped, results) VALUES (@id, @command, @targets, @startedAt, @endedAt, @stopped, @results)',
    );
    this.prune = db.prepare('DELETE FROM command_runs WHERE id NOT IN (SELECT id FROM command_runs ORDER BY started_at DESC, rowid DESC LIMIT ?)');
    this.selectRecent = db.prepare('SELECT * FROM command_runs ORDER BY started_at DESC, rowid DESC LIMIT ?');
    this.selectOne = db.prepare('SELECT * FROM command_runs WHERE id = ?');
    this.text = new CommandRunText(db);
  }

  /** Keep a finished run and index its text, then drop the oldest beyond the bound (their index rows go with them). */
  record(run: FinishedRun): void {
    const results = run.results.map(boundedResult);
    this.db
      .transaction(() => {
        this.insert.run({
          id: run.id,
          command: run.command,
          targets: JSON.stringify(run.targets),
          startedAt: run.startedAt,
          endedAt: run.endedAt,
          stopped: run.stopped ? 1 : 0,
          results: JSON.stringify(results),
        });
        this.text.add(run.id, run.command, results);
        this.prune.run(this.maxRuns);
      })
      .immediate();
  }

  recent(limit = 50): FinishedRun[] {
    return this.selectRecent.all(limit).map(fromRow);
  }

  get(id: string): FinishedRun | undefined {
    const row = this.selectOne.get(id);
    return row ? fromRow(row) : undefined;
  }
}

function fromRow(row: RunRow): FinishedRun {
  return {
    id: row.id,
    command: row.command,
    targets: JSON.parse(row.targets) as string[],
    startedAt: row.started_at,
    endedAt: row.ended_at,
    stopped: row.stopped === 1,
    results: JSON.parse(row.results) as RunFinalLine[],
  };
}

/** A result with each stream cut to its last STORED_OUTPUT_BYTES (whole characters), marked when cut. */
export function boundedResult(line: RunFinalLine): RunFinalLine {
  if ('error' in line) return line;
  const out = { ...line };
  for (const stream of ['stdout', 'stderr'] as const) {
    const bytes = Buffer.from(line[stream]);
    if (bytes.byteLength <= STORED_OUTPUT_BYTES) continue;
    let start = bytes.byteLength - STORED_OUTPUT_BYTES;
    while (start < bytes.byteLength && (bytes[start]! & 0xc0) === 0x80) start++;
    out[stream] = bytes.subarray(start).toString('utf8');
    out[stream === 'stdout' ? 'stdoutTruncated' : 'stderrTruncated'] = true;
  }
  return out;
}
