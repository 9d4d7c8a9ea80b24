// Query parsing (options into one expression, bad expressions in words) and the excerpt's highlight ranges.
import { describe, expect, it } from 'vitest';
import { scanLines } from './boundedScan.js';
import { BadQueryError, compileQuery, excerpt } from './searchQuery.js';

const query = (text: string, options: Partial<{ caseSensitive: boolean; wholeWord: boolean; regex: boolean }> = {}) => ({
  text,
  caseSensitive: false,
  wholeWord: false,
  regex: false,
  ...options,
});
const ranges = (q: ReturnType<typeof query>, line: string) => scanLines(compileQuery(q), [line], 10, 1000)[0]?.ranges ?? [];

describe('compileQuery', () => {
  it('matches plain text literally, ignoring case unless asked', () => {
    expect(ranges(query('a.b'), 'axb A.B a.b')).toEqual([{ start: 4, end: 7 }, { start: 8, end: 11 }]);
    expect(ranges(query('a.b', { caseSensitive: true }), 'A.B a.b')).toEqual([{ start: 4, end: 7 }]);
    expect(ranges(query('(x)[y]*'), 'q(x)[y]*q')).toEqual([{ start: 1, end: 8 }]);
    expect(ranges(query('a-b/c'), 'x a-b/c')).toEqual([{ start: 2, end: 7 }]);
  });

  it('takes whole words only when asked, in any script', () => {
    expect(ranges(query('log', { wholeWord: true }), 'login log syslog log_x log.')).toEqual([{ start: 6, end: 9 }, { start: 23, end: 26 }]);
    expect(ranges(query('ü', { wholeWord: true }), 'üb ü')).toEqual([{ start: 3, end: 4 }]);
  });

  it('runs a regular expression, and skips empty matches instead of looping on them', () => {
    expect(ranges(query('err(or)?\\s\\d+', { regex: true }), 'err 1, error 22')).toEqual([{ start: 0, end: 5 }, { start: 7, end: 15 }]);
    expect(ranges(query('x*', { regex: true }), 'ab xx c')).toEqual([{ start: 3, end: 5 }]);
  });

  it('says in words why an expression is bad', () => {
    expect(() => compileQuery(query('(unclosed', { regex: true }))).toThrow(BadQueryError);
    expect(() => compileQuery(query('(unclosed', { regex: true }))).toThrow(/^That is not a regular expression this search understands: .*\(unclosed.*\.$/);
    expect(() => compileQuery(query(''))).toThrow('Type something to search for.');
    // The same text as plain text is fine.
    expect(ranges(query('(unclosed'), 'a (unclosed b')).toEqual([{ start: 2, end: 11 }]);
  });
});

describe('excerpt', () => {
  it('keeps a short line whole, with its ranges as they were', () => {
    expect(excerpt('one two one', [{ start: 0, end: 3 }, { start: 8, end: 11 }], 20)).toEqual({
      line: 'one two one',
      ranges: [{ start: 0, end: 3 }, { start: 8, end: 11 }],
    });
  });

  it('cuts a long line around the first match, marks the cuts and moves the ranges with the text', () => {
    const line = `${'a'.repeat(50)}NEEDLE${'b'.repeat(50)}NEEDLE`;
    const cut = excerpt(line, [{ start: 50, end: 56 }, { start: 106, end: 112 }], 5);
    expect(cut.line).toBe('…aaaaaNEEDLEbbbbb…');
    expect(cut.ranges).toEqual([{ start: 6, end: 12 }]);
    expect(cut.line.slice(cut.ranges[0]!.start, cut.ranges[0]!.end)).toBe('NEEDLE');
  });

  it('clips a range the cut goes through', () => {
    const cut = excerpt('xxABCDEFyy', [{ start: 2, end: 4 }, { start: 4, end: 9 }], 1);
    expect(cut).toEqual({ line: '…xABC…', ranges: [{ start: 2, end: 4 }, { start: 4, end: 5 }] });
  });
});
