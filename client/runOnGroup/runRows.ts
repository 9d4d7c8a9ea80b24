// The run table's rows as NDJSON lines arrive, and which finished rows differ from what most hosts answered.
import type { RunLine } from '../../shared/run.js';

export type RowState = 'running' | 'exited' | 'failed' | 'stopped';

export interface RunRow {
  target: string;
  state: RowState;
  exitCode?: number | null;
  signal?: string;
  /** Output so far (while running) or as kept in the final line. */
  stdout: string;
  stderr: string;
  durationMs?: number;
  /** Why it could not run there. */
  error?: string;
}

/** Output shown per stream while a command runs; older text scrolls out, as in a terminal's short scrollback. */
export const SHOWN_OUTPUT_CHARS = 64 * 1024;

export function startRows(targets: readonly string[]): Map<string, RunRow> {
  return new Map(targets.map((target) => [target, { target, state: 'running', stdout: '', stderr: '' }]));
}

/** Apply one line of the answer; a line for a host not in the table is ignored. */
export function applyLine(rows: Map<string, RunRow>, line: RunLine): void {
  const row = rows.get(line.target);
  if (!row) return;
  if ('stream' in line) {
    row[line.stream] = (row[line.stream] + line.data).slice(-SHOWN_OUTPUT_CHARS);
  } else if ('error' in line) {
    Object.assign(row, { state: 'failed', error: line.error });
  } else {
    Object.assign(row, {
      state: line.stopped ? 'stopped' : 'exited',
      exitCode: line.exitCode,
      stdout: line.stdout,
      stderr: line.stderr,
      durationMs: line.durationMs,
      ...(line.signal ? { signal: line.signal } : {}),
    });
  }
}

/** A stopped run's rows still running (the answer ended early, or Stop was pressed): stopped. */
export function markUnfinishedStopped(rows: Map<string, RunRow>): void {
  for (const row of rows.values()) if (row.state === 'running') row.state = 'stopped';
}

/** What "the same answer" means: same exit status and the same output on both streams, or the same error. */
function answerOf(row: RunRow): string {
  return row.state === 'failed' ? `error\0${row.error}` : `${row.exitCode}\0${row.signal ?? ''}\0${row.stdout}\0${row.stderr}`;
}

/**
 * The finished rows whose answer is not the one most hosts gave ("which one is different?"). Nothing is marked until
 * one answer is given by more than half of the finished rows: with no majority, none is "the odd one".
 */
export function rowsDifferingFromMajority(rows: Iterable<RunRow>): Set<string> {
  const finished = [...rows].filter((row) => row.state === 'exited' || row.state === 'failed');
  const counts = new Map<string, number>();
  for (const row of finished) counts.set(answerOf(row), (counts.get(answerOf(row)) ?? 0) + 1);
  let majority: string | undefined;
  for (const [answer, count] of counts) if (count * 2 > finished.length) majority = answer;
  if (majority === undefined) return new Set();
  return new Set(finished.filter((row) => answerOf(row) !== majority).map((row) => row.target));
}
