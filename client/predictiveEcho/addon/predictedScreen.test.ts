// The screen a person sees: the terminal's rows with predicted cells and cursor put in, and nothing else changed.
import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { screenOf } from '../../terminal/screenSnapshot.js';
import { DEFAULT_STYLE, type PredictedCell, type PredictionOverlay } from '../types.js';
import { withPredictions } from './predictedScreen.js';

const write = (terminal: Terminal, data: string) => new Promise<void>((resolve) => terminal.write(data, resolve));
const cell = (x: number, y: number, chars: string, width = 1): PredictedCell => ({ x, y, chars, width, style: DEFAULT_STYLE, underline: false });
const overlay = (cells: PredictedCell[], cursor: { x: number; y: number } | null): PredictionOverlay => ({
  display: true,
  cells,
  cursor,
  status: { kind: 'showing' },
});

describe('the screen with predictions', () => {
  it('puts predicted characters and the predicted cursor into the rows a person sees', async () => {
    const terminal = new Terminal({ cols: 20, rows: 4, allowProposedApi: true });
    await write(terminal, '$ echo');
    const seen = withPredictions(terminal, screenOf(terminal), overlay([cell(6, 0, ' '), cell(7, 0, 'h'), cell(8, 0, 'i')], { x: 9, y: 0 }));
    expect(seen.lines[0]).toBe('$ echo hi');
    expect(seen.cursor).toEqual({ x: 9, y: 0 });
    expect(seen.lines.slice(1)).toEqual(['', '', '']);
  });

  it('is the terminal itself when nothing is displayed', async () => {
    const terminal = new Terminal({ cols: 20, rows: 4, allowProposedApi: true });
    await write(terminal, '$ ls');
    const snapshot = screenOf(terminal);
    const hidden: PredictionOverlay = { display: false, cells: [], cursor: null, status: { kind: 'standby' } };
    expect(withPredictions(terminal, snapshot, hidden)).toBe(snapshot);
  });

  it('counts rows from the bottom page, so they line up after output scrolled the screen', async () => {
    const terminal = new Terminal({ cols: 10, rows: 3, scrollback: 10, allowProposedApi: true });
    await write(terminal, 'a\r\nb\r\nc\r\nd\r\n$ ');
    // baseY is now 2: row 2 of the bottom page is the prompt row.
    const seen = withPredictions(terminal, screenOf(terminal), overlay([cell(2, 2, 'x'), cell(3, 2, '東', 2)], { x: 5, y: 2 }));
    expect(seen.lines).toEqual(['c', 'd', '$ x東']);
    expect(seen.cursor).toEqual({ x: 5, y: 2 });
  });
});

describe('trimming', () => {
  it('keeps written spaces and drops never-written cells, as the terminal does', async () => {
    const terminal = new Terminal({ cols: 20, rows: 2, allowProposedApi: true });
    await write(terminal, '$ echo ');
    const host = screenOf(terminal);
    expect(host.lines[0]).toBe('$ echo ');
    const seen = withPredictions(terminal, host, overlay([cell(7, 0, 'a'), cell(8, 0, ' ')], { x: 9, y: 0 }));
    expect(seen.lines[0]).toBe('$ echo a ');
  });
});
