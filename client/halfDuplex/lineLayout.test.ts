import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, layoutAsText, layoutLine, type LayoutArea } from './lineLayout.js';

/** Lays out 'echo hel|lo' (`|` marks the cursor) in `area` and returns the rows as text, `|` at the cursor. */
function draw(line: string, area: LayoutArea): string[] {
  const cursor = line.indexOf('|');
  const text = line.replace('|', '');
  return layoutAsText(layoutLine(text, cursor, area), area);
}

describe('layoutLine', () => {
  it('starts at the host cursor and puts the local cursor inside the line', () => {
    expect(draw('echo hel|lo', { startCol: 2, cols: 20, rows: 2 })).toEqual(['  echo hel|lo', '']);
    expect(draw('|ls', { startCol: 2, cols: 20, rows: 1 })).toEqual(['  |ls']);
    expect(draw('ls|', { startCol: 2, cols: 20, rows: 1 })).toEqual(['  ls|']);
  });

  it('wraps at the right margin, and a cursor after a full row goes to the next one', () => {
    expect(draw('abcdefgh|', { startCol: 2, cols: 6, rows: 3 })).toEqual(['  abcd', 'efgh|', '']);
    expect(draw('abcd|', { startCol: 2, cols: 6, rows: 2 })).toEqual(['  abcd', '|']);
  });

  it('moves a wide character that would cross the margin to the next row, as the terminal does', () => {
    const layout = layoutLine('ab東京', 4, { startCol: 3, cols: 6, rows: 2 });
    expect(layout.cells.map(({ row, col, text, width }) => [row, col, text, width])).toEqual([
      [0, 3, 'a', 1],
      [0, 4, 'b', 1],
      [1, 0, '東', 2],
      [1, 2, '京', 2],
    ]);
    expect(layout.cursor).toEqual({ row: 1, col: 4 });
  });

  it('keeps a grapheme cluster in one cell and draws control characters in caret notation', () => {
    const layout = layoutLine('e\u0301\tx', 4, { startCol: 0, cols: 10, rows: 1 });
    expect(layout.cells.map(({ col, text, width, index }) => [col, text, width, index])).toEqual([
      [0, 'e\u0301', 1, 0],
      [1, '^I', 2, 2],
      [3, 'x', 1, 3],
    ]);
    expect(layout.cursor).toEqual({ row: 0, col: 4 });
  });

  it('cuts the start of a line that does not fit below the host cursor, so the cursor stays in view', () => {
    expect(draw('0123456789abcdef|', { startCol: 2, cols: 8, rows: 2 })).toEqual(['  …45678', '9abcdef|']);
    expect(draw('0123456789abcdef|', { startCol: 2, cols: 8, rows: 1 })).toEqual(['  …cdef|']);
  });

  it('cuts only the end when the cursor fits, and says so with an ellipsis', () => {
    expect(draw('01|23456789', { startCol: 2, cols: 8, rows: 1 })).toEqual(['  01|234' + ELLIPSIS]);
  });

  it('cuts both ends when the cursor is in the middle of a long line', () => {
    expect(draw('0123456789|abcdefgh', { startCol: 2, cols: 8, rows: 1 })).toEqual(['  …6789|a']);
    expect(draw('0123456789|abcdefgh', { startCol: 0, cols: 8, rows: 2 })).toEqual(['01234567', '89|abcde' + ELLIPSIS]);
  });

  it('draws nothing when there is no row for it', () => {
    expect(layoutLine('ls', 2, { startCol: 2, cols: 20, rows: 0 })).toEqual({ cells: [], cursor: null });
  });

  it('keeps every cell on the grid and the cursor on screen, whatever the line and area', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '東', 'é', '\t', '🙂') , maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        (text, cursorSeed, cols, rows, startSeed) => {
          const boundaries = [0, ...[...text].map((_, i, chars) => chars.slice(0, i + 1).join('').length)];
          const cursor = boundaries[cursorSeed % boundaries.length]!;
          const area = { startCol: startSeed % cols, cols, rows };
          const layout = layoutLine(text, cursor, area);
          for (const cell of layout.cells) {
            expect(cell.row).toBeGreaterThanOrEqual(0);
            expect(cell.row).toBeLessThan(rows);
            expect(cell.col + cell.width).toBeLessThanOrEqual(cols);
            if (cell.row === 0) expect(cell.col).toBeGreaterThanOrEqual(area.startCol);
          }
          if (layout.cursor) {
            expect(layout.cursor.row).toBeLessThan(rows);
            expect(layout.cursor.col).toBeLessThan(cols);
          }
          // Cells never overlap.
          const taken = new Set<string>();
          for (const cell of layout.cells) {
            for (let i = 0; i < cell.width; i++) {
              const key = `${cell.row}:${cell.col + i}`;
              expect(taken.has(key)).toBe(false);
              taken.add(key);
            }
          }
        },
      ),
    );
  });
});
