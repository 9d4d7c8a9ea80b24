// Alt-click on a path the terminal shows: the word under the pointer is handed on (to be offered for download) instead of moving the cursor.
import type { Terminal } from '@xterm/xterm';
import { listen, type Disposable } from '../util/disposable.js';
import { pathAt } from './pathUnderPointer.js';

/** The text of one buffer row, and which character each cell shows (a wide character's second cell points at it too). */
function rowText(terminal: Terminal, y: number): { text: string; indexOfCell: number[] } | undefined {
  const line = terminal.buffer.active.getLine(y);
  if (!line) return undefined;
  let text = '';
  const indexOfCell: number[] = [];
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x);
    if (cell && cell.getWidth() === 0) {
      indexOfCell.push(Math.max(0, text.length - 1));
      continue;
    }
    indexOfCell.push(text.length);
    text += cell?.getChars() || ' ';
  }
  return { text, indexOfCell };
}

/**
 * Listens on `frame` ahead of xterm.js (capture): an Alt-click on a word reaches `onPath` and goes no further, since
 * xterm.js would turn it into arrow keys for the shell (in bash, up arrows walk the history). A path wrapped onto a
 * second row is seen only as far as its row goes.
 */
export function altClickPaths(terminal: Terminal, frame: HTMLElement, onPath: (word: string) => void): Disposable {
  return listen(
    frame,
    'mousedown',
    (event) => {
      if (!event.altKey || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const screen = terminal.element?.querySelector('.xterm-screen');
      if (!screen) return;
      const box = screen.getBoundingClientRect();
      const column = Math.floor((event.clientX - box.left) / (box.width / terminal.cols));
      const row = Math.floor((event.clientY - box.top) / (box.height / terminal.rows));
      if (column < 0 || column >= terminal.cols || row < 0 || row >= terminal.rows) return;
      const shown = rowText(terminal, terminal.buffer.active.viewportY + row);
      const word = shown && pathAt(shown.text, shown.indexOfCell[column] ?? -1);
      if (!word) return;
      event.preventDefault();
      event.stopPropagation();
      onPath(word);
    },
    { capture: true },
  );
}
