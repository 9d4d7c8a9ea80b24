// Reads the colour of the text a terminal shows, so tests can check colours survived (not only the characters).
import type { ReadableTerminal } from './screenSnapshot.js';

/** A cell's foreground as xterm.js holds it: the default, a palette index (0–255), or an RGB colour. */
export type Foreground = 'default' | { palette: number } | { rgb: string };

export interface TextStyle {
  /** Buffer line (oldest first, as `buffer()` counts) and column of the text's first character. */
  line: number;
  column: number;
  foreground: Foreground;
  bold: boolean;
  dim: boolean;
}

/** The style of the first cell of the first occurrence of `text` in the buffer (oldest first), or null. */
export function styleOfText(terminal: ReadableTerminal, text: string): TextStyle | null {
  const buffer = terminal.buffer.active;
  for (let row = 0; row < buffer.length; row++) {
    const line = buffer.getLine(row);
    const column = line?.translateToString(true).indexOf(text) ?? -1;
    if (!line || column < 0) continue;
    // Wide characters before it take two cells each, but one string index; find the cell that starts the text.
    let cellIndex = 0;
    let chars = 0;
    while (chars < column && cellIndex < line.length) {
      const c = line.getCell(cellIndex);
      chars += c?.getChars().length || (c?.getWidth() === 0 ? 0 : 1);
      cellIndex++;
    }
    while (line.getCell(cellIndex)?.getWidth() === 0) cellIndex++;
    const cell = line.getCell(cellIndex);
    if (!cell) return null;
    const foreground: Foreground = cell.isFgDefault()
      ? 'default'
      : cell.isFgPalette()
        ? { palette: cell.getFgColor() }
        : { rgb: `#${cell.getFgColor().toString(16).padStart(6, '0')}` };
    return { line: row, column: cellIndex, foreground, bold: cell.isBold() !== 0, dim: cell.isDim() !== 0 };
  }
  return null;
}
