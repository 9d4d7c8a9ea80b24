// Reads what a terminal shows as plain text: the visible rows as a person sees them, and the whole buffer.
import type { Terminal } from '@xterm/xterm';

export interface ScreenSnapshot {
  /** The visible rows, right-trimmed. */
  lines: string[];
  /** Cursor position relative to the visible rows (y may fall outside them when scrolled back). */
  cursor: { x: number; y: number };
  altScreen: boolean;
}

/** The parts of a terminal this needs; @xterm/headless has the same shape, so tests use it. */
export type ReadableTerminal = Pick<Terminal, 'rows' | 'buffer'>;

export const emptyScreen = (): ScreenSnapshot => ({ lines: [], cursor: { x: 0, y: 0 }, altScreen: false });

export function screenOf(terminal: ReadableTerminal): ScreenSnapshot {
  const buffer = terminal.buffer.active;
  const top = buffer.viewportY;
  const lines: string[] = [];
  for (let row = 0; row < terminal.rows; row++) {
    lines.push(buffer.getLine(top + row)?.translateToString(true) ?? '');
  }
  return {
    lines,
    // cursorY counts from the bottom page (baseY); the viewport may be scrolled away from it.
    cursor: { x: buffer.cursorX, y: buffer.baseY + buffer.cursorY - top },
    altScreen: buffer.type === 'alternate',
  };
}

/** Every line of scrollback and screen, oldest first. */
export function bufferLinesOf(terminal: ReadableTerminal): string[] {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row)?.translateToString(true) ?? '');
  return lines;
}
