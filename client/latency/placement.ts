// Which corner the overlay sits in: top-right, unless that would hide the row the cursor is on.

export type Corner = 'top' | 'bottom';

function covers(corner: Corner, cursorRow: number, rows: number, coveredRows: number): boolean {
  return corner === 'top' ? cursorRow < coveredRows : cursorRow >= rows - coveredRows;
}

/**
 * `coveredRows` is how many terminal rows the overlay spans. It moves only when it would hide the cursor
 * where it is and would not in the other corner, so it does not jump about as a full-screen program moves
 * the cursor, nor when it is too tall to keep clear anywhere (a tiny terminal, the details open).
 */
export function cornerFor(current: Corner, cursorRow: number, rows: number, coveredRows: number): Corner {
  const other: Corner = current === 'top' ? 'bottom' : 'top';
  if (covers(current, cursorRow, rows, coveredRows) && !covers(other, cursorRow, rows, coveredRows)) return other;
  return current;
}
