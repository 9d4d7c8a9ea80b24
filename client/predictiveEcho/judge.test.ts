import { describe, expect, it } from 'vitest';
import { judgeCell } from './judge.js';
import { DEFAULT_STYLE, type CellStyle, type ScreenCell } from './types.js';

const grey: CellStyle = { ...DEFAULT_STYLE, fg: 0x555555, fgMode: 'rgb' };
const cell = (chars: string, style: CellStyle = DEFAULT_STYLE): ScreenCell => ({ chars, width: 1, style });
const empty: ScreenCell = { chars: '', width: 1, style: DEFAULT_STYLE };

describe('judgeCell', () => {
  it('confirms the echo of a typed character', () => {
    expect(judgeCell(cell('a'), [empty], cell('a'))).toBe('confirmed');
  });

  it('waits while the cell still shows what it showed before', () => {
    expect(judgeCell(cell('a'), [empty], empty)).toBe('pending');
    expect(judgeCell(cell('a'), [empty], cell(' '))).toBe('pending');
    // a, Backspace, b: the echo of the a is on its way to the b.
    expect(judgeCell(cell('b'), [empty, cell('a')], cell('a'))).toBe('pending');
  });

  it('calls anything else wrong', () => {
    expect(judgeCell(cell('a'), [empty], cell('x'))).toBe('wrong');
  });

  it('gives no credit where the predicted character was there already', () => {
    expect(judgeCell(cell('a'), [cell('a')], cell('a'))).toBe('alreadyTrue');
  });

  it('gives credit when the host restyles a suggested character into typed text', () => {
    expect(judgeCell(cell('c'), [cell('c', grey)], cell('c'))).toBe('confirmed');
  });

  it('never takes a blank for an echo', () => {
    expect(judgeCell(cell(' '), [cell('x')], empty)).toBe('alreadyTrue');
  });

  it('ignores colour changes when deciding whether the host got there', () => {
    expect(judgeCell(cell('a'), [cell('x')], cell('x', grey))).toBe('pending');
    expect(judgeCell(cell('a'), [empty], cell('a', grey))).toBe('confirmed');
  });
});
