// The predictor's read-only view of an xterm.js terminal's active buffer (the same code reads @xterm/headless).
import type { IBufferCell, Terminal } from '@xterm/xterm';
import { StyleFlag, type CellStyle, type ColorMode, type ScreenCell, type ScreenView } from './types.js';

/** The parts of a terminal the view reads; @xterm/headless has the same shape, so tests use it. */
export type ReadableTerminal = Pick<Terminal, 'cols' | 'rows' | 'buffer'>;

function colorMode(isDefault: boolean, isPalette: boolean): ColorMode {
  if (isDefault) return 'default';
  return isPalette ? 'palette' : 'rgb';
}

function styleOf(cell: IBufferCell): CellStyle {
  let flags = 0;
  if (cell.isBold()) flags |= StyleFlag.bold;
  if (cell.isDim()) flags |= StyleFlag.dim;
  if (cell.isItalic()) flags |= StyleFlag.italic;
  if (cell.isUnderline()) flags |= StyleFlag.underline;
  if (cell.isBlink()) flags |= StyleFlag.blink;
  if (cell.isInverse()) flags |= StyleFlag.inverse;
  if (cell.isInvisible()) flags |= StyleFlag.invisible;
  if (cell.isStrikethrough()) flags |= StyleFlag.strikethrough;
  if (cell.isOverline()) flags |= StyleFlag.overline;
  // xterm reports a default colour as -1; DEFAULT_STYLE says 0, and the two must compare equal.
  const fgMode = colorMode(cell.isFgDefault(), cell.isFgPalette());
  const bgMode = colorMode(cell.isBgDefault(), cell.isBgPalette());
  return {
    fg: fgMode === 'default' ? 0 : cell.getFgColor(),
    fgMode,
    bg: bgMode === 'default' ? 0 : cell.getBgColor(),
    bgMode,
    flags,
  };
}

/** Rows count from the top of the bottom page (`baseY`), where `cursorY` counts from. */
export function xtermScreenView(terminal: ReadableTerminal): ScreenView {
  return {
    get cols() {
      return terminal.cols;
    },
    get rows() {
      return terminal.rows;
    },
    get cursorX() {
      return terminal.buffer.active.cursorX;
    },
    get cursorY() {
      return terminal.buffer.active.cursorY;
    },
    get isAltScreen() {
      return terminal.buffer.active.type === 'alternate';
    },
    cellAt(x: number, y: number): ScreenCell | undefined {
      if (x < 0 || y < 0 || x >= terminal.cols || y >= terminal.rows) return undefined;
      const buffer = terminal.buffer.active;
      const cell = buffer.getLine(buffer.baseY + y)?.getCell(x);
      if (cell === undefined) return undefined;
      return { chars: cell.getChars(), width: cell.getWidth(), style: styleOf(cell) };
    },
  };
}
