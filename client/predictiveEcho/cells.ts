// Comparing screen cells: what counts as blank, as the same characters, as the same look.
import { DEFAULT_STYLE, type CellStyle, type ScreenCell } from './types.js';

export function isBlank(cell: ScreenCell): boolean {
  return cell.chars === '' || cell.chars === ' ';
}

export function blankCell(style: CellStyle = DEFAULT_STYLE): ScreenCell {
  return { chars: ' ', width: 1, style };
}

export function sameStyle(a: CellStyle, b: CellStyle): boolean {
  return a.flags === b.flags && a.fg === b.fg && a.fgMode === b.fgMode && a.bg === b.bg && a.bgMode === b.bgMode;
}

/** Same characters in the same width; an empty cell and a space are the same. */
export function sameChars(a: ScreenCell, b: ScreenCell): boolean {
  if (a.width !== b.width) return false; // the right half of a wide character is no blank
  if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
  return a.chars === b.chars;
}

/** Same characters and the same look. */
export function sameCell(a: ScreenCell, b: ScreenCell): boolean {
  return sameChars(a, b) && sameStyle(a.style, b.style);
}
