// A DOM layer over xterm.js's screen that places elements on the terminal's cell grid; the terminal's buffer is never touched.
import type { Terminal } from '@xterm/xterm';
import type { Disposable } from '../util/disposable.js';

/** The terminal's cell grid as it is now. */
export interface Grid {
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Puts `element` at viewport `row` and column `col`, `width` cells wide and one cell high. */
  place(element: HTMLElement, row: number, col: number, width: number): void;
}

/**
 * A layer inside xterm.js's `.xterm-screen`, above its canvas, for one absolutely placed element per cell: the
 * browser's text advance never quite equals the terminal's cell width, so a run of text would drift off the
 * grid. Half-duplex's local line and predictive echo's cells are drawn on it; each says what its cells look like.
 */
export class GridOverlay implements Disposable {
  readonly layer: HTMLElement;
  private readonly screen: HTMLElement | null;
  private readonly resizeObserver: ResizeObserver | undefined;
  private disposed = false;

  /** `redraw` is called when the cell size may have changed, for the owner to place its cells again. */
  constructor(
    private readonly terminal: Terminal,
    className: string,
    redraw: () => void,
  ) {
    this.screen = terminal.element?.querySelector<HTMLElement>('.xterm-screen') ?? null;
    this.layer = document.createElement('div');
    this.layer.className = className;
    // Only a picture of text: screen readers get the real text from the terminal when the host echoes it.
    this.layer.setAttribute('aria-hidden', 'true');
    this.layer.hidden = true;
    this.screen?.append(this.layer);
    if (this.screen) {
      // The screen element changes size with the cell size (font size, zoom).
      this.resizeObserver = new ResizeObserver(() => redraw());
      this.resizeObserver.observe(this.screen);
    }
  }

  /**
   * The grid to place cells on, measured now, with the layer set in the terminal's font and one cell to a line;
   * null while the terminal has no screen (not opened yet), where nothing can be drawn.
   */
  grid(): Grid | null {
    const screen = this.screen;
    if (!screen) return null;
    const cellWidth = screen.clientWidth / this.terminal.cols;
    const cellHeight = screen.clientHeight / this.terminal.rows;
    const { fontFamily, fontSize } = this.terminal.options;
    const style = this.layer.style;
    style.fontFamily = fontFamily ?? 'monospace';
    style.fontSize = `${fontSize ?? 15}px`;
    style.lineHeight = `${cellHeight}px`;
    return {
      cellWidth,
      cellHeight,
      place: (element, row, col, width) => {
        element.style.left = `${col * cellWidth}px`;
        element.style.top = `${row * cellHeight}px`;
        element.style.width = `${width * cellWidth}px`;
        element.style.height = `${cellHeight}px`;
      },
    };
  }

  /** Shows `elements`, replacing what was shown. */
  show(elements: readonly HTMLElement[]): void {
    if (this.disposed) return;
    this.layer.replaceChildren(...elements);
    this.layer.hidden = false;
  }

  /** Shows nothing. Called on every write the terminal parses (think `yes`): touches the DOM only if something is shown. */
  hide(): void {
    if (this.layer.hidden) return;
    this.layer.hidden = true;
    this.layer.replaceChildren();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.resizeObserver?.disconnect();
    this.layer.remove();
  }
}
