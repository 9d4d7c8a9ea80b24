import { describe, expect, it } from 'vitest';
import { admitInput, shouldPauseOutput } from './flowControl.js';

const marks = { high: 100, low: 20 };

describe('shouldPauseOutput', () => {
  it('pauses at the high mark and resumes only below the low mark', () => {
    const trace = [0, 50, 99, 100, 150, 60, 21, 20, 5, 99, 100];
    const states: boolean[] = [];
    let paused = false;
    for (const unacked of trace) states.push((paused = shouldPauseOutput(paused, unacked, marks)));
    expect(states).toEqual([false, false, false, true, true, true, true, false, false, false, true]);
  });
});

describe('admitInput', () => {
  const bytes = new Uint8Array([1, 2, 3, 4]);
  it('writes a frame that starts where the last ended', () => {
    expect(admitInput(10, 10, bytes)).toEqual({ kind: 'write', bytes });
  });
  it('drops a frame already written', () => {
    expect(admitInput(14, 10, bytes)).toEqual({ kind: 'duplicate' });
  });
  it('writes only the unseen tail of a partly written frame', () => {
    const verdict = admitInput(12, 10, bytes);
    expect(verdict.kind === 'write' && [...verdict.bytes]).toEqual([3, 4]);
  });
  it('reports a gap', () => {
    expect(admitInput(5, 10, bytes)).toEqual({ kind: 'gap', missing: 5 });
  });
});
