// Runs kept in the store: each host's result with its output bounded, and only the latest runs.
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import type { FinishedRun } from '../run/commandRun.js';
import { CommandRuns, STORED_OUTPUT_BYTES } from './commandRuns.js';
import { openStore, type Store } from './store.js';

let store: Store | undefined;
afterEach(() => store?.close());

const run = (id: string, startedAt: number, stdout = 'ok\n'): FinishedRun => ({
  id,
  command: 'hostname',
  targets: ['isu01', 'isu02'],
  startedAt,
  endedAt: startedAt + 5,
  stopped: false,
  results: [
    { target: 'isu01', exitCode: 0, stdout, stderr: '', durationMs: 5 },
    { target: 'isu02', error: 'isu02 refused the connection.' },
  ],
});

describe('CommandRuns', () => {
  it('keeps a run with each host result, output cut to its last bytes', () => {
    store = openStore({ file: ':memory:' });
    const long = `${'x'.repeat(STORED_OUTPUT_BYTES)}the end\n`;
    store.commandRuns.record(run('r1', 1, long));
    const kept = store.commandRuns.get('r1')!;
    expect(kept.targets).toEqual(['isu01', 'isu02']);
    const first = kept.results[0]!;
    expect('stdout' in first && first.stdout.endsWith('the end\n') && Buffer.byteLength(first.stdout)).toBe(STORED_OUTPUT_BYTES);
    expect(first).toMatchObject({ stdoutTruncated: true, exitCode: 0 });
    expect(kept.results[1]).toEqual({ target: 'isu02', error: 'isu02 refused the connection.' });
  });

  it('keeps only the latest runs', () => {
    const db = new Sqlite(':memory:');
    migrate(db, ':memory:');
    const runs = new CommandRuns(db, 2);
    for (const [i, id] of ['a', 'b', 'c'].entries()) runs.record(run(id, i));
    expect(runs.recent().map((r) => r.id)).toEqual(['c', 'b']);
    db.close();
  });
});
