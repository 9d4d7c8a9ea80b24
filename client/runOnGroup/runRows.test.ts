// The run table's rows from the NDJSON answer, and the "which one is different?" marks.
import { describe, expect, it } from 'vitest';
import { applyLine, markUnfinishedStopped, rowsDifferingFromMajority, startRows } from './runRows.js';

describe('run rows', () => {
  it('collect streamed output, then take the final line', () => {
    const rows = startRows(['isu01', 'isu02']);
    applyLine(rows, { target: 'isu01', stream: 'stdout', data: 'answer-' });
    applyLine(rows, { target: 'isu01', stream: 'stdout', data: '42\n' });
    expect(rows.get('isu01')).toMatchObject({ state: 'running', stdout: 'answer-42\n' });
    applyLine(rows, { target: 'isu01', exitCode: 3, stdout: 'answer-42\n', stderr: '', durationMs: 512 });
    applyLine(rows, { target: 'isu02', error: 'isu02 refused the connection.' });
    applyLine(rows, { target: 'unknown', error: 'ignored' });
    expect(rows.get('isu01')).toMatchObject({ state: 'exited', exitCode: 3, durationMs: 512 });
    expect(rows.get('isu02')).toMatchObject({ state: 'failed', error: 'isu02 refused the connection.' });
    expect(rows.size).toBe(2);
  });

  it('mark the rows whose answer differs from the one most hosts gave', () => {
    const rows = startRows(['a', 'b', 'c', 'd']);
    for (const target of ['a', 'b', 'c']) applyLine(rows, { target, exitCode: 0, stdout: 'v1\n', stderr: '', durationMs: 1 });
    applyLine(rows, { target: 'd', exitCode: 0, stdout: 'v2\n', stderr: '', durationMs: 1 });
    expect(rowsDifferingFromMajority(rows.values())).toEqual(new Set(['d']));
  });

  it('mark nothing without a majority, and count an error as an answer', () => {
    const rows = startRows(['a', 'b', 'c']);
    applyLine(rows, { target: 'a', exitCode: 0, stdout: 'x', stderr: '', durationMs: 1 });
    applyLine(rows, { target: 'b', exitCode: 1, stdout: 'x', stderr: '', durationMs: 1 });
    expect(rowsDifferingFromMajority(rows.values())).toEqual(new Set());
    applyLine(rows, { target: 'c', error: 'refused' });
    expect(rowsDifferingFromMajority(rows.values())).toEqual(new Set());
  });

  it('mark rows still running as stopped when the run ends early', () => {
    const rows = startRows(['a']);
    markUnfinishedStopped(rows);
    expect(rows.get('a')!.state).toBe('stopped');
  });
});
