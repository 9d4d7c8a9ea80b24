// Where each character of the local line goes on the terminal's grid: from the host's cursor, wrapped at the right margin, cut to keep the cursor in view.
import { graphemes } from './graphemes.js';
import { columns, unicode11CharWidth, visibleText, type CharWidth } from './textWidth.js';

/** One character of the line on the grid. */
export interface PlacedCell {
  /** Rows below the host cursor's row (0 is that row). */
  readonly row: number;
  readonly col: number;
  /** What to draw: a grapheme (control characters in caret notation), or `…` where the line is cut. */
  readonly text: string;
  /** Cells it covers: 1, or 2 for a wide character. */
  readonly width: number;
  /** Where the grapheme starts in the line (UTF-16 index); -1 for a `…`. */
  readonly index: number;
}

export interface LineLayout {
  readonly cells: readonly PlacedCell[];
  /** Where the local cursor goes; null when there is no row to put it on. */
  readonly cursor: { readonly row: number; readonly col: number } | null;
}

/** The part of the screen the line may use: from the host cursor's column to the right margin, then whole rows down to the bottom. */
export interface LayoutArea {
  readonly startCol: number;
  readonly cols: number;
  /** Rows from the host cursor's row (included) to the bottom of the screen. */
  readonly rows: number;
}

export const ELLIPSIS = '…';

interface Piece {
  readonly text: string;
  readonly width: number;
  readonly index: number;
}

interface Flowed {
  readonly positions: readonly { row: number; col: number }[];
  /** Where a cursor after the last piece goes. */
  readonly end: { row: number; col: number };
}

/** Places pieces one after another from `startCol`, moving to the next row when one would cross the margin (as a terminal wraps). */
function flow(pieces: readonly Piece[], startCol: number, cols: number): Flowed {
  let row = 0;
  let col = startCol;
  const positions: { row: number; col: number }[] = [];
  for (const piece of pieces) {
    if (piece.width > 0 && col + piece.width > cols) {
      row++;
      col = 0;
    }
    positions.push({ row, col });
    col += piece.width;
  }
  return { positions, end: col >= cols ? { row: row + 1, col: 0 } : { row, col } };
}

/**
 * Lays out `text` with its cursor at `cursor` (a UTF-16 index at a grapheme boundary). Zero-width
 * graphemes take no cell. When the line does not fit below the host's cursor, its start is cut and
 * shown as `…` so the cursor stays on screen; when its end does not fit, the end is cut.
 */
export function layoutLine(text: string, cursor: number, area: LayoutArea, charWidth: CharWidth = unicode11CharWidth): LineLayout {
  const cols = Math.max(1, Math.floor(area.cols));
  const rows = Math.floor(area.rows);
  const startCol = Math.max(0, Math.floor(area.startCol));
  if (rows < 1) return { cells: [], cursor: null };

  const pieces: Piece[] = graphemes(text).map((g) => ({ text: visibleText(g.text), width: Math.min(columns(g.text, charWidth), cols), index: g.index }));
  const cursorPiece = ((): number => {
    const at = pieces.findIndex((p) => p.index >= cursor);
    return at === -1 ? pieces.length : at;
  })();
  const ellipsis: Piece = { text: ELLIPSIS, width: 1, index: -1 };

  /** The pieces shown when the first `cut` are replaced by `…`, and where everything goes. */
  const attempt = (cut: number) => {
    const shown = cut === 0 ? pieces : [ellipsis, ...pieces.slice(cut)];
    const flowed = flow(shown, startCol, cols);
    const at = cursorPiece - cut + (cut === 0 ? 0 : 1);
    const cursorAt = at < shown.length ? flowed.positions[at]! : flowed.end;
    return { shown, flowed, cursorAt };
  };

  let chosen = attempt(0);
  if (chosen.cursorAt.row >= rows && cursorPiece > 0) {
    // Cut as little as keeps the cursor on screen: the cursor's row only falls as more is cut, so bisect.
    let low = 1;
    let high = cursorPiece;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (attempt(middle).cursorAt.row < rows) high = middle;
      else low = middle + 1;
    }
    chosen = attempt(low);
  }
  if (chosen.cursorAt.row >= rows) {
    // Not even the cursor's own character fits after a `…` (a one-row area at the margin): show from the cursor on.
    const fromCursor = pieces.slice(cursorPiece);
    const flowed = flow(fromCursor, startCol, cols);
    chosen = { shown: fromCursor, flowed, cursorAt: fromCursor.length > 0 ? flowed.positions[0]! : flowed.end };
    if (chosen.cursorAt.row >= rows) return { cells: [], cursor: null };
  }

  const { shown, flowed, cursorAt } = chosen;
  const cells: PlacedCell[] = [];
  let cutAtEnd = false;
  shown.forEach((piece, i) => {
    const position = flowed.positions[i]!;
    if (position.row >= rows) cutAtEnd = true;
    else if (piece.width > 0) cells.push({ ...position, text: piece.text, width: piece.width, index: piece.index });
  });
  if (cutAtEnd) {
    // Say the line goes on, unless the cursor stands in the last cell.
    const last = cells.at(-1);
    const cursorOnLast = last !== undefined && last.row === cursorAt.row && last.col === cursorAt.col;
    if (last && !cursorOnLast) cells[cells.length - 1] = { row: last.row, col: last.col, text: ELLIPSIS, width: 1, index: -1 };
  }
  return { cells, cursor: cursorAt };
}

/** The layout as text rows, for tests: cells written into `rows` rows of blanks, `|` inserted at the cursor. */
export function layoutAsText(layout: LineLayout, area: LayoutArea): string[] {
  const grid = Array.from({ length: area.rows }, () => Array<string>(area.cols).fill(' '));
  for (const cell of layout.cells) {
    grid[cell.row]![cell.col] = cell.text;
    for (let i = 1; i < cell.width; i++) grid[cell.row]![cell.col + i] = '';
  }
  const lines = grid.map((row) => row.join(''));
  const { cursor } = layout;
  if (cursor) {
    const row = grid[cursor.row]!;
    const before = row.slice(0, cursor.col).join('');
    lines[cursor.row] = before + '|' + row.slice(cursor.col).join('');
  }
  return lines.map((line) => line.trimEnd());
}
