// Draws predicted cells and the predicted cursor as a DOM layer over xterm.js's screen; the terminal's buffer is never touched.
import type { Terminal } from '@xterm/xterm';
import { GridOverlay } from '../../terminal/gridOverlay.js';
import type { Disposable } from '../../util/disposable.js';
import type { PredictionOverlay, ScreenView } from '../types.js';
import { lookOf, paletteOf, type CellLook } from './cellColours.js';
import '../predictiveEcho.css';

/** A cell as the layer places it: in viewport rows, with its look resolved. */
interface PlacedCell {
  readonly row: number;
  readonly col: number;
  readonly width: number;
  readonly chars: string;
  readonly look: CellLook;
  /** Unconfirmed on a slow link: the user should know the host has not shown it yet. */
  readonly underline: boolean;
  readonly cursor: boolean;
  /** A predicted cell, rather than the terminal's own cell redrawn to move the cursor off it. */
  readonly predicted: boolean;
}

/**
 * One absolutely placed, opaque element per cell, like the half-duplex line: a run of text would drift off the
 * grid because the browser's advance never equals the cell width exactly. The predicted cursor is drawn as a
 * cell too, and the cell under the real cursor is redrawn without it, so only one cursor shows.
 */
export class PredictionLayer implements Disposable {
  private readonly overlay: GridOverlay;
  private palette: string[];
  private last: PredictionOverlay | null = null;
  /**
   * What is on screen, to leave the DOM alone when nothing changed (this runs on every write): '' for
   * nothing, null when it must be drawn afresh (a resize, a new theme).
   */
  private drawnKey: string | null = null;
  private disposed = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly screen: ScreenView,
  ) {
    this.palette = paletteOf(terminal.options.theme ?? {});
    // The prediction is a picture of what the host will echo; screen readers get the real text when it comes.
    this.overlay = new GridOverlay(terminal, 'prediction-layer', () => {
      this.drawnKey = null;
      this.draw(this.last);
    });
  }

  /** The text of the predicted cells now shown, row by row (for `window.longhaul.predictiveEcho()`). */
  get shownText(): string {
    const layer = this.overlay.layer;
    return layer.hidden ? '' : (layer.dataset.text ?? '');
  }

  /** Nothing is drawn, and nothing waits to be redrawn: drawing an empty overlay would change nothing. */
  get showsNothing(): boolean {
    return this.drawnKey === '';
  }

  draw(overlay: PredictionOverlay | null): void {
    if (this.disposed) return;
    // No predicted cell and no predicted cursor place nothing: skip placing (and its key) for the usual case.
    const anything = overlay !== null && overlay.display && (overlay.cells.length > 0 || overlay.cursor !== null);
    const cells = anything ? this.place(overlay) : [];
    // What a resize redraws. The addon stops calling while nothing is predicted and nothing shows, so an
    // overlay whose cells were all scrolled out of view is not kept to come back after it is gone.
    this.last = cells.length > 0 ? overlay : null;
    const key = cells.length === 0 ? '' : JSON.stringify(cells);
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const layer = this.overlay.layer;
    const grid = cells.length > 0 ? this.overlay.grid() : null;
    if (!grid) {
      this.overlay.hide();
      layer.dataset.text = '';
      return;
    }
    const { fontWeight, fontWeightBold } = this.terminal.options;
    const style = layer.style;
    style.setProperty('--prediction-weight', String(fontWeight ?? 'normal'));
    style.setProperty('--prediction-weight-bold', String(fontWeightBold ?? 'bold'));
    const focused = this.terminal.element?.contains(document.activeElement) ?? false;
    const theme = this.terminal.options.theme ?? {};
    const elements = cells.map((cell) => {
      const element = document.createElement('span');
      element.className = 'prediction-cell';
      const classes = element.classList;
      if (cell.look.bold) classes.add('is-bold');
      if (cell.look.dim) classes.add('is-dim');
      if (cell.look.italic) classes.add('is-italic');
      if (cell.look.underline || cell.underline) classes.add('is-underlined');
      if (cell.look.strikethrough) classes.add('is-struck');
      let color = cell.look.invisible ? cell.look.background : cell.look.color;
      let background = cell.look.background;
      if (cell.cursor && focused) {
        background = theme.cursor ?? cell.look.color;
        color = theme.cursorAccent ?? cell.look.background;
      } else if (cell.cursor) {
        classes.add('is-cursor-outline');
        element.style.setProperty('--prediction-cursor', theme.cursor ?? cell.look.color);
      }
      element.style.color = color;
      element.style.background = background;
      grid.place(element, cell.row, cell.col, Math.max(1, cell.width));
      element.textContent = cell.chars;
      return element;
    });
    layer.dataset.text = rowsText(cells.filter((cell) => cell.predicted));
    this.overlay.show(elements);
  }

  /** The terminal's theme changed: colours are looked up afresh. */
  themeChanged(): void {
    this.palette = paletteOf(this.terminal.options.theme ?? {});
    this.drawnKey = null;
    this.draw(this.last);
  }

  /** Predicted cells and cursor in viewport rows; cells scrolled out of view are left out. */
  private place(overlay: PredictionOverlay): PlacedCell[] {
    const buffer = this.terminal.buffer.active;
    const shift = buffer.baseY - buffer.viewportY; // rows the user has scrolled back
    const theme = this.terminal.options.theme ?? {};
    const visible = (y: number) => y + shift >= 0 && y + shift < this.terminal.rows;
    const cursor = overlay.cursor;
    const placed: PlacedCell[] = [];
    let cursorCovered = false;
    for (const cell of overlay.cells) {
      if (!visible(cell.y)) continue;
      const isCursor = cursor !== null && cursor.x === cell.x && cursor.y === cell.y;
      cursorCovered ||= isCursor;
      placed.push({
        row: cell.y + shift,
        col: cell.x,
        width: cell.width,
        chars: cell.chars,
        look: lookOf(cell.style, theme, this.palette),
        underline: cell.underline,
        cursor: isCursor,
        predicted: true,
      });
    }
    if (cursor === null || this.atRealCursor(cursor)) return placed; // the terminal's own cursor is right
    if (!cursorCovered && visible(cursor.y) && cursor.x < this.terminal.cols) {
      placed.push(this.realCell(cursor.x, cursor.y, shift, true));
    }
    // Hide the real cursor where it is not the predicted one: redraw its cell, without a cursor.
    const realX = this.screen.cursorX;
    const realY = this.screen.cursorY;
    const realHidden = placed.some((cell) => cell.row === realY + shift && cell.col <= realX && realX < cell.col + Math.max(1, cell.width));
    if (!realHidden && visible(realY) && realX < this.terminal.cols) {
      placed.push(this.realCell(realX, realY, shift, false));
    }
    return placed;
  }

  private atRealCursor(cursor: { x: number; y: number }): boolean {
    return cursor.x === this.screen.cursorX && cursor.y === this.screen.cursorY;
  }

  /** The terminal's own cell at (x, y), drawn by the layer (with or without the cursor on it). */
  private realCell(x: number, y: number, shift: number, cursor: boolean): PlacedCell {
    const theme = this.terminal.options.theme ?? {};
    const real = this.screen.cellAt(x, y);
    return {
      row: y + shift,
      col: x,
      width: real?.width || 1,
      chars: real?.chars ?? '',
      look: real ? lookOf(real.style, theme, this.palette) : lookOf({ fg: 0, fgMode: 'default', bg: 0, bgMode: 'default', flags: 0 }, theme, this.palette),
      underline: false,
      cursor,
      predicted: false,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.overlay.dispose();
  }
}

/** Cells' characters joined per row, rows joined by newlines, with spaces for gaps between cells. */
function rowsText(cells: readonly PlacedCell[]): string {
  if (cells.length === 0) return '';
  const rows = new Map<number, PlacedCell[]>();
  for (const cell of cells) rows.set(cell.row, [...(rows.get(cell.row) ?? []), cell]);
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => {
      row.sort((a, b) => a.col - b.col);
      let text = '';
      let col = row[0]!.col;
      for (const cell of row) {
        text += ' '.repeat(Math.max(0, cell.col - col)) + (cell.chars || ' ');
        col = cell.col + Math.max(1, cell.width);
      }
      return text;
    })
    .join('\n');
}
