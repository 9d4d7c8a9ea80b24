import { describe, expect, it } from 'vitest';
import { isBlank, sameCell, sameChars } from './cells.js';
import { DEFAULT_STYLE, type ScreenCell } from './types.js';

const cell = (chars: string, width = 1, style = DEFAULT_STYLE): ScreenCell => ({ chars, width, style });

describe('cells', () => {
  it('takes an empty cell and a space for blank', () => {
    expect(isBlank(cell(''))).toBe(true);
    expect(isBlank(cell(' '))).toBe(true);
    expect(sameChars(cell(''), cell(' '))).toBe(true);
  });

  it('does not take the right half of a wide character for a blank', () => {
    expect(sameChars(cell('', 0), cell(''))).toBe(false);
  });

  it('compares looks only in sameCell', () => {
    const red = { ...DEFAULT_STYLE, fg: 1, fgMode: 'palette' as const };
    expect(sameChars(cell('a', 1, red), cell('a'))).toBe(true);
    expect(sameCell(cell('a', 1, red), cell('a'))).toBe(false);
  });
});
