// The visible rows as a person sees them with predictions drawn over the terminal: what `window.longhaul.screen()` reports.
import type { ReadableTerminal, ScreenSnapshot } from '../../terminal/screenSnapshot.js';
import type { PredictionOverlay } from '../types.js';

type Terminal = ReadableTerminal & { readonly cols: number };

/** `snapshot` (the terminal's own rows) with the predicted cells and cursor put in, rows counted in the viewport. */
export function withPredictions(terminal: Terminal, snapshot: ScreenSnapshot, overlay: PredictionOverlay): ScreenSnapshot {
  if (!overlay.display || (overlay.cells.length === 0 && overlay.cursor === null)) return snapshot;
  const buffer = terminal.buffer.active;
  const shift = buffer.baseY - buffer.viewportY; // predictions count rows from the bottom page
  const rows = new Map<number, PredictionOverlay['cells'][number][]>();
  for (const cell of overlay.cells) {
    const row = cell.y + shift;
    if (row < 0 || row >= terminal.rows) continue;
    rows.set(row, [...(rows.get(row) ?? []), cell]);
  }
  const lines = [...snapshot.lines];
  for (const [row, cells] of rows) {
    const line = buffer.getLine(buffer.viewportY + row);
    // One entry per column: the characters that start there, '' for the right half of a wide character, null
    // for a cell nothing was ever written to. Rows are trimmed as xterm trims them: trailing never-written cells
    // go, written spaces stay.
    const columns: (string | null)[] = [];
    for (let x = 0; x < terminal.cols; x++) {
      const cell = line?.getCell(x);
      columns.push(cell === undefined ? null : cell.getWidth() === 0 ? '' : cell.getChars() || null);
    }
    for (const cell of cells) {
      if (cell.x >= terminal.cols) continue;
      columns[cell.x] = cell.chars || ' ';
      if (cell.width === 2 && cell.x + 1 < terminal.cols) columns[cell.x + 1] = '';
      // A narrow prediction over the left half of a wide character leaves its right half blank.
      if (cell.width === 1 && cell.x + 1 < terminal.cols && columns[cell.x + 1] === '') columns[cell.x + 1] = ' ';
    }
    let end = columns.length;
    while (end > 0 && columns[end - 1] === null) end--;
    lines[row] = columns
      .slice(0, end)
      .map((c) => c ?? ' ')
      .join('');
  }
  const cursor = overlay.cursor ? { x: overlay.cursor.x, y: overlay.cursor.y + shift } : snapshot.cursor;
  return { ...snapshot, lines, cursor };
}
