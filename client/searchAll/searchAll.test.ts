// Highlighting a hit's line, finding its match in a terminal's rows, and the words that name its session.
import { describe, expect, it } from 'vitest';
import { highlightedParts } from './highlight.js';
import { ranWords, runWords, sessionWords, whenWords } from './hitWords.js';
import { findMatchRow } from './matchRow.js';

describe('highlightedParts', () => {
  it('splits a line into plain and matched runs', () => {
    expect(highlightedParts('a needle and a needle', [{ start: 2, end: 8 }, { start: 15, end: 21 }])).toEqual([
      { text: 'a ', matched: false },
      { text: 'needle', matched: true },
      { text: ' and a ', matched: false },
      { text: 'needle', matched: true },
    ]);
  });

  it('sorts, merges overlaps and clips ranges that run past the line', () => {
    expect(highlightedParts('abcdef', [{ start: 4, end: 99 }, { start: 1, end: 3 }, { start: 2, end: 4 }, { start: 3, end: 3 }])).toEqual([
      { text: 'a', matched: false },
      { text: 'bc', matched: true },
      { text: 'd', matched: true },
      { text: 'ef', matched: true },
    ]);
    expect(highlightedParts('plain', [])).toEqual([{ text: 'plain', matched: false }]);
  });
});

describe('findMatchRow', () => {
  const rows = (screen: string) =>
    screen.split('\n').map((text) => (text.startsWith('>') ? { text: text.slice(1), wrapped: true } : { text, wrapped: false }));

  it('finds the match on the line nearest the counted one', () => {
    const screen = rows('$ echo hi\nhi\n$ echo hi\nhi\n$ ');
    expect(findMatchRow(screen, 'hi', 3)).toEqual({ row: 3, column: 0 });
    expect(findMatchRow(screen, 'hi', 0)).toEqual({ row: 0, column: 7 });
    expect(findMatchRow(screen, 'absent', 0)).toBeUndefined();
  });

  it('counts a wrapped line once and finds a match on its continuation row, or across the wrap', () => {
    const screen = rows('first\nabcdefghij\n>klmnoNEEDLE\nlast');
    expect(findMatchRow(screen, 'NEEDLE', 1)).toEqual({ row: 2, column: 5 });
    expect(findMatchRow(screen, 'ijkl', 1)).toEqual({ row: 1, column: 8 });
    expect(findMatchRow(screen, 'last', 2)).toEqual({ row: 3, column: 0 });
  });
});

describe('hit words', () => {
  const session = { id: '7', target: 'de1', label: 'web', state: 'closed' as const, at: 0 };
  it('says live or closed, and when', () => {
    expect(whenWords(session, 12 * 60_000)).toBe('closed 12 min ago');
    expect(whenWords(session, 30_000)).toBe('closed just now');
    expect(whenWords(session, 5 * 3_600_000)).toBe('closed 5 h ago');
    expect(whenWords({ ...session, state: 'live' }, 3 * 60_000)).toBe('live, started 3 min ago');
  });

  it('names the host beside a label that is not the host', () => {
    expect(sessionWords(session)).toBe('web (de1)');
    expect(sessionWords({ ...session, label: 'de1' })).toBe('de1');
  });
});

describe('run hit words', () => {
  const hit = { run: { id: 'r1', command: 'for h in a b; do\n  hostname\ndone', at: 0 }, target: 'isu01', in: 'stdout' as const, lineNumber: 0, line: 'isu01', ranges: [], match: 'isu01' };
  it('names the run by its command on one line, and the host', () => {
    expect(runWords(hit)).toBe('Run on group: `for h in a b; do hostname done` · isu01');
    expect(runWords({ ...hit, in: 'stderr' })).toBe('Run on group: `for h in a b; do hostname done` · isu01 (stderr)');
    expect(runWords({ ...hit, in: 'error' })).toBe('Run on group: `for h in a b; do hostname done` · isu01 (could not run)');
    const { target: _target, ...inCommand } = hit;
    expect(runWords({ ...inCommand, in: 'command' })).toBe('Run on group: `for h in a b; do hostname done`');
  });

  it('says when it ran', () => {
    expect(ranWords(hit, 3 * 60_000)).toBe('ran 3 min ago');
  });
});
