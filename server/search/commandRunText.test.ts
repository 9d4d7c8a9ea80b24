// The kept runs' index against real SQLite: found by command and output once kept, gone when the run is dropped, built by its migration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { FinishedRun } from '../run/commandRun.js';
import { CommandRuns } from '../store/commandRuns.js';
import { migrate, MIGRATIONS } from '../store/migrations.js';
import { openStore } from '../store/store.js';
import { runSearchableText } from './commandRunText.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-run-index-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const run = (id: string, startedAt: number, command: string, stdout: string): FinishedRun => ({
  id,
  command,
  targets: ['isu01', 'isu02'],
  startedAt,
  endedAt: startedAt + 5,
  stopped: false,
  results: [
    { target: 'isu01', exitCode: 0, stdout, stderr: 'warn: \x1b[33mdisk nearly full\x1b[0m\n', durationMs: 5 },
    { target: 'isu02', error: 'isu02 refused the connection.' },
  ],
});

/** The runs whose index rows hold `literal`, by their run ids. */
const found = (runs: CommandRuns, literal: string | undefined) => [...runs.text.candidates(literal)].map((id) => runs.text.run(id)?.id);

function migratedMemory(): Sqlite.Database {
  const db = new Sqlite(':memory:');
  migrate(db, ':memory:');
  return db;
}

describe('the kept runs\' index', () => {
  it('holds the command and every host\'s output and error as a person reads them', () => {
    expect(runSearchableText('uname -a', run('r', 1, 'uname -a', 'Linux \x1b[1misu01\x1b[0m\r\n').results)).toBe(
      'uname -a\nLinux isu01\n\nwarn: disk nearly full\n\nisu02 refused the connection.',
    );
  });

  it('finds a kept run by a word of its output, of its stderr, of an error and of its command, the latest first, never by escapes', () => {
    const store = openStore({ file: ':memory:' });
    store.commandRuns.record(run('a', 1, 'hostname', 'kernel 6.1 isu01\n'));
    store.commandRuns.record(run('b', 2, 'uname -r', 'KERNEL 6.12\n'));
    expect(found(store.commandRuns, 'kernel')).toEqual(['b', 'a']);
    expect(found(store.commandRuns, 'uname')).toEqual(['b']);
    expect(found(store.commandRuns, 'nearly full')).toEqual(['b', 'a']);
    expect(found(store.commandRuns, 'refused the')).toEqual(['b', 'a']);
    expect(found(store.commandRuns, '[33m')).toEqual([]);
    expect(found(store.commandRuns, undefined)).toEqual(['b', 'a']); // a regular expression reads every run
    const candidate = store.commandRuns.text.run([...store.commandRuns.text.candidates('uname')][0]!)!;
    expect(candidate).toMatchObject({ id: 'b', command: 'uname -r', startedAt: 2 });
    store.close();
  });

  it('indexes the output as the store keeps it, cut to its bound', () => {
    const store = openStore({ file: ':memory:' });
    store.commandRuns.record(run('long', 1, 'echo', `early-marker\n${'x'.repeat(20_000)}\nlate-marker\n`));
    expect(found(store.commandRuns, 'late-marker')).toEqual(['long']);
    expect(found(store.commandRuns, 'early-marker')).toEqual([]);
    store.close();
  });

  it('loses a run, and its index rows, when the store drops it for a newer one', () => {
    const db = migratedMemory();
    const runs = new CommandRuns(db, 2);
    runs.record(run('first', 1, 'echo needle-one', 'needle-one\n'));
    runs.record(run('second', 2, 'echo needle-two', 'needle-two\n'));
    expect(found(runs, 'needle')).toEqual(['second', 'first']);
    runs.record(run('third', 3, 'echo needle-three', 'needle-three\n'));
    expect(runs.get('first')).toBeUndefined();
    expect(found(runs, 'needle')).toEqual(['third', 'second']);
    expect(found(runs, 'needle-one')).toEqual([]);
    expect(found(runs, undefined)).toEqual(['third', 'second']);
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('command_run_search')).toBe(2);
    // The index's own rows go too (contentless_delete), not only the mapping: its doc sizes are one per run.
    expect(count('command_run_text_docsize')).toBe(2);
    db.close();
  });

  it('reads FTS5 syntax in the text literally', () => {
    const store = openStore({ file: ':memory:' });
    store.commandRuns.record(run('q', 1, 'grep -c "a OR b*" NEAR(x)', 'said "a OR b*" NEAR(x) ^col: -y\n'));
    for (const text of ['"a OR b*"', 'NEAR(x)', '^col: -y', 'a OR b*', '""', '*']) expect(() => found(store.commandRuns, text), text).not.toThrow();
    expect(found(store.commandRuns, '"a OR b*" NEAR(x)')).toEqual(['q']);
    expect(found(store.commandRuns, '^col: -y')).toEqual(['q']);
    expect(found(store.commandRuns, 'a OR c')).toEqual([]);
    store.close();
  });

  it('is built by its migration for the runs a file already kept', () => {
    const file = path.join(tmp, 'before-run-index.db');
    const indexMigration = MIGRATIONS.findIndex((migration) => migration.description.startsWith('a full-text index of kept runs'));
    expect(indexMigration).toBeGreaterThan(0);
    const db = new Sqlite(file);
    migrate(db, file, MIGRATIONS.slice(0, indexMigration));
    const insert = db.prepare(
      `INSERT INTO command_runs (id, command, targets, started_at, ended_at, stopped, results) VALUES (?, ?, '["de1"]', ?, ?, 0, ?)`,
    );
    const results = (stdout: string) => JSON.stringify([{ target: 'de1', exitCode: 0, stdout, stderr: '', durationMs: 1 }]);
    insert.run('old', 'df -h', 2, 3, results('/dev/sda1 \x1b[31m99%\x1b[0m\n'));
    insert.run('older', 'df -i', 1, 2, results('/dev/sda1 12%\n'));
    db.close();

    const store = openStore({ file });
    expect(found(store.commandRuns, '/dev/sda1')).toEqual(['old', 'older']);
    expect(found(store.commandRuns, 'df -i')).toEqual(['older']);
    store.close();
  });
});
