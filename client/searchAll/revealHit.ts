// Scrolls a tab's terminal to a search hit and selects its match, once the output holding it has been drawn.
import type { Terminal } from '@xterm/xterm';
import type { SearchHit } from '../../shared/search.js';
import { findMatchRow, type BufferRow } from './matchRow.js';

/** A reopened session's scrollback arrives over the network and is drawn in pieces: look again this often, this long. */
const LOOK_EVERY_MS = 100;
const GIVE_UP_AFTER_MS = 15_000;

function bufferRows(terminal: Terminal): BufferRow[] {
  const buffer = terminal.buffer.active;
  const rows: BufferRow[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    rows.push({ text: line?.translateToString(true) ?? '', wrapped: line?.isWrapped ?? false });
  }
  return rows;
}

/** Select the hit's match and scroll it to the middle of the screen; false when the terminal does not hold it. */
export function revealHit(terminal: Terminal, hit: SearchHit): boolean {
  const place = findMatchRow(bufferRows(terminal), hit.match, hit.lineNumber);
  if (!place) return false;
  terminal.scrollToLine(Math.max(0, place.row - Math.floor(terminal.rows / 2)));
  terminal.select(place.column, place.row, hit.match.length);
  return true;
}

/**
 * Reveal the hit once `ready()` says the tab has settled (its replayed or restored output is in) and its terminal
 * holds the match; gives up quietly after a while (the line may have left the scrollback since the search).
 * Returns a function that stops waiting.
 */
export function revealWhenDrawn(terminal: () => Terminal | undefined, ready: () => boolean, hit: SearchHit): () => void {
  const started = Date.now();
  let timer: number | undefined;
  const look = () => {
    const shown = terminal();
    if (shown && ready() && revealHit(shown, hit)) return;
    if (Date.now() - started < GIVE_UP_AFTER_MS) timer = window.setTimeout(look, LOOK_EVERY_MS);
  };
  look();
  return () => window.clearTimeout(timer);
}
