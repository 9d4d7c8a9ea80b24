// Draws the local line as a DOM layer over the terminal's screen, cell by cell; nothing is ever written into the terminal itself.
import type { Terminal } from '@xterm/xterm';
import { GridOverlay } from '../terminal/gridOverlay.js';
import type { Disposable } from '../util/disposable.js';
import type { LineLayout } from './lineLayout.js';
import './halfDuplex.css';

/** What to draw: a layout anchored at the host cursor's row. */
export interface LineDrawing {
  /** The viewport row of the host's cursor, where the layout's row 0 goes. */
  readonly row: number;
  readonly layout: LineLayout;
  /** Cells whose `index` is below this are sent and await the host's echo: drawn dimmed. */
  readonly awaitedLength: number;
  /** Whether the terminal has the keyboard: a solid cursor, else an outline (as xterm.js draws its own). */
  readonly focused: boolean;
}

export interface LineDrawer extends Disposable {
  /** Shows `drawing`, replacing what was shown; null shows nothing. */
  draw(drawing: LineDrawing | null): void;
}

/** One opaque element per cell on the terminal's grid, so the line hides the host's cursor and anything under it. */
export class DomLineOverlay implements LineDrawer {
  private readonly overlay: GridOverlay;
  private last: LineDrawing | null = null;
  private disposed = false;

  constructor(private readonly terminal: Terminal) {
    // The line is also in the editor's state and, once sent, in the terminal: this is only its picture.
    this.overlay = new GridOverlay(terminal, 'half-duplex-line', () => this.draw(this.last));
  }

  draw(drawing: LineDrawing | null): void {
    if (this.disposed) return;
    this.last = drawing;
    const grid = drawing && (drawing.layout.cells.length > 0 || drawing.layout.cursor) ? this.overlay.grid() : null;
    if (!drawing || !grid) {
      this.overlay.hide();
      return;
    }
    const { fontWeight, theme = {} } = this.terminal.options;
    const style = this.overlay.layer.style;
    style.fontWeight = String(fontWeight ?? 'normal');
    style.setProperty('--line-fg', theme.foreground ?? '#ffffff');
    style.setProperty('--line-bg', theme.background ?? '#000000');
    style.setProperty('--line-cursor', theme.cursor ?? theme.foreground ?? '#ffffff');
    style.setProperty('--line-cursor-text', theme.cursorAccent ?? theme.background ?? '#000000');

    const place = (element: HTMLElement, row: number, col: number, width: number) => grid.place(element, drawing.row + row, col, width);
    const { cells, cursor } = drawing.layout;
    const cursorClass = drawing.focused ? 'is-cursor' : 'is-cursor is-unfocused';
    const elements: HTMLElement[] = [];
    let cursorDrawn = false;
    for (const cell of cells) {
      const element = document.createElement('span');
      element.className = 'half-duplex-cell';
      if (cell.index >= 0 && cell.index < drawing.awaitedLength) element.classList.add('is-awaited');
      if (cursor && cursor.row === cell.row && cursor.col === cell.col) {
        element.className += ` ${cursorClass}`;
        cursorDrawn = true;
      }
      element.textContent = cell.text;
      place(element, cell.row, cell.col, cell.width);
      elements.push(element);
    }
    if (cursor && !cursorDrawn) {
      const element = document.createElement('span');
      element.className = `half-duplex-cell ${cursorClass}`;
      place(element, cursor.row, cursor.col, 1);
      elements.push(element);
    }
    this.overlay.show(elements);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.overlay.dispose();
  }
}
