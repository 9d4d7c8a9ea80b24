// Which corner the overlay sits in: top-right, unless that would hide the cursor's row or a mouse working there.

export type Corner = 'top' | 'bottom';

/**
 * The terminal's last row is never covered: shells, vim, less and top keep their status there (vim's ruler), so
 * the bottom corner sits just above it.
 */
export const BOTTOM_RESERVED_ROWS = 1;

/** The rows `corner` hides when the box spans `coveredRows` rows of a `rows`-row terminal. */
function covers(corner: Corner, row: number, rows: number, coveredRows: number): boolean {
  if (corner === 'top') return row < coveredRows;
  const end = rows - BOTTOM_RESERVED_ROWS;
  return row >= end - coveredRows && row < end;
}

export interface KeepClear {
  /** The cursor's row. */
  cursorRow: number;
  /**
   * The row of a mouse working near the box's columns — selecting text (a button held) or driving a program that
   * reads the mouse — else null. A pointer merely passing over the box does not move it, so it can be clicked.
   */
  pointerRow?: number | null;
}

/**
 * `coveredRows` is how many terminal rows the overlay spans. It moves only when it would hide the cursor or the
 * working mouse where it is and would not in the other corner (the cursor counts first), so it does not jump
 * about as a full-screen program moves the cursor, nor when it is too tall to keep clear anywhere (a tiny
 * terminal, the details open).
 */
export function cornerFor(current: Corner, clear: KeepClear, rows: number, coveredRows: number): Corner {
  const other: Corner = current === 'top' ? 'bottom' : 'top';
  const { cursorRow, pointerRow = null } = clear;
  const hides = (corner: Corner) => covers(corner, cursorRow, rows, coveredRows) || (pointerRow !== null && covers(corner, pointerRow, rows, coveredRows));
  if (!hides(current)) return current;
  if (!hides(other)) return other;
  // Neither corner clears both: keep the cursor in sight.
  return covers(current, cursorRow, rows, coveredRows) && !covers(other, cursorRow, rows, coveredRows) ? other : current;
}
