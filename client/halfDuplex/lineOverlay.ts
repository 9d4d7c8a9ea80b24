// Draws the local line as a DOM layer over the terminal's screen, cell by cell; nothing is ever written into the terminal itself.
import type { Terminal } from '@xterm/xterm';
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

/**
 * A layer inside xterm.js's `.xterm-screen`, above its canvas, with one absolutely placed element per
 * cell: the browser's text advance never quite equals the terminal's cell width, so a run of text would
 * drift off the grid. Cells are opaque, so they hide the host's cursor and anything under the line.
 */
export class DomLineOverlay implements LineDrawer {
  private readonly layer: HTMLElement;
  private readonly screen: HTMLElement | null;
  private readonly resizeObserver: ResizeObserver | undefined;
  private last: LineDrawing | null = null;
  private disposed = false;

  constructor(private readonly terminal: Terminal) {
    this.screen = terminal.element?.querySelector<HTMLElement>('.xterm-screen') ?? null;
    this.layer = document.createElement('div');
    this.layer.className = 'half-duplex-line';
    // The line is also in the editor's state and, once sent, in the terminal: this is only its picture.
    this.layer.setAttribute('aria-hidden', 'true');
    this.layer.hidden = true;
    this.screen?.append(this.layer);
    if (this.screen) {
      // The screen element changes size with the cell size (font size, zoom): place the cells again.
      this.resizeObserver = new ResizeObserver(() => this.draw(this.last));
      this.resizeObserver.observe(this.screen);
    }
  }

  draw(drawing: LineDrawing | null): void {
    if (this.disposed) return;
    this.last = drawing;
    const screen = this.screen;
    if (!drawing || !screen || (drawing.layout.cells.length === 0 && !drawing.layout.cursor)) {
      // Called on every write the terminal parses (think `yes`): touch the DOM only if something is shown.
      if (!this.layer.hidden) {
        this.layer.hidden = true;
        this.layer.replaceChildren();
      }
      return;
    }
    const cellWidth = screen.clientWidth / this.terminal.cols;
    const cellHeight = screen.clientHeight / this.terminal.rows;
    const { fontFamily, fontSize, fontWeight, theme = {} } = this.terminal.options;
    const style = this.layer.style;
    style.fontFamily = fontFamily ?? 'monospace';
    style.fontSize = `${fontSize ?? 15}px`;
    style.fontWeight = String(fontWeight ?? 'normal');
    style.lineHeight = `${cellHeight}px`;
    style.setProperty('--line-fg', theme.foreground ?? '#ffffff');
    style.setProperty('--line-bg', theme.background ?? '#000000');
    style.setProperty('--line-cursor', theme.cursor ?? theme.foreground ?? '#ffffff');
    style.setProperty('--line-cursor-text', theme.cursorAccent ?? theme.background ?? '#000000');

    const place = (element: HTMLElement, row: number, col: number, width: number) => {
      element.style.left = `${col * cellWidth}px`;
      element.style.top = `${(drawing.row + row) * cellHeight}px`;
      element.style.width = `${width * cellWidth}px`;
      element.style.height = `${cellHeight}px`;
    };
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
    this.layer.replaceChildren(...elements);
    this.layer.hidden = false;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.resizeObserver?.disconnect();
    this.layer.remove();
  }
}
