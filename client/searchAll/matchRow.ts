// Where a search hit is in a terminal's buffer: the row and column of its match, on the line nearest the one the bridge counted.

/** One row of the terminal's buffer as text; `wrapped` when it continues the row above. */
export interface BufferRow {
  text: string;
  wrapped: boolean;
}

export interface MatchPlace {
  row: number;
  column: number;
}

/**
 * Rows are joined into the lines the shell printed (a long line wraps over several rows), and lines are counted as
 * the bridge counts them. The terminal may hold more or fewer lines than the bridge searched (a divider, a cleared
 * scrollback), so of the lines holding `match` the one whose number is nearest `lineNumber` is taken.
 * Columns count characters, which is a cell each except for wide characters.
 */
export function findMatchRow(rows: readonly BufferRow[], match: string, lineNumber: number): MatchPlace | undefined {
  if (match === '') return undefined;
  let best: (MatchPlace & { distance: number }) | undefined;
  let line = -1;
  for (let row = 0; row < rows.length; row++) {
    if (rows[row]!.wrapped && row > 0) continue;
    line++;
    let text = rows[row]!.text;
    const widths = [text.length];
    for (let next = row + 1; next < rows.length && rows[next]!.wrapped; next++) {
      text += rows[next]!.text;
      widths.push(rows[next]!.text.length);
    }
    const index = text.indexOf(match);
    if (index < 0) continue;
    const distance = Math.abs(line - lineNumber);
    if (best && distance >= best.distance) continue;
    let offset = index;
    let within = 0;
    while (within < widths.length - 1 && offset >= widths[within]!) offset -= widths[within++]!;
    best = { row: row + within, column: offset, distance };
  }
  return best && { row: best.row, column: best.column };
}
