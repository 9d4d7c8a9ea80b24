import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { bufferLinesOf, screenOf } from './screenSnapshot.js';

function terminal(cols: number, rows: number): Terminal {
  return new Terminal({ cols, rows, scrollback: 100, allowProposedApi: true });
}

const write = (term: Terminal, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

/** Draw a screen as text with `|` at the cursor, the way the tests read best. */
function draw(term: Terminal): string {
  const { lines, cursor } = screenOf(term);
  return lines
    .map((line, y) => (y === cursor.y ? line.padEnd(cursor.x, ' ').slice(0, cursor.x) + '|' + line.slice(cursor.x) : line))
    .join('\n');
}

describe('screenOf', () => {
  it('shows the visible rows and the cursor', async () => {
    const term = terminal(10, 3);
    await write(term, 'one\r\ntwo\r\n$ ');
    expect(draw(term)).toBe('one\ntwo\n$ |');
    expect(screenOf(term).altScreen).toBe(false);
  });

  it('follows the viewport when output scrolls, and while scrolled back', async () => {
    const term = terminal(10, 3);
    await write(term, '1\r\n2\r\n3\r\n4\r\n5');
    expect(draw(term)).toBe('3\n4\n5|');
    term.scrollLines(-2);
    const scrolled = screenOf(term);
    expect(scrolled.lines).toEqual(['1', '2', '3']);
    expect(scrolled.cursor).toEqual({ x: 1, y: 4 });
  });

  it('knows the alternate screen', async () => {
    const term = terminal(10, 3);
    await write(term, 'shell\x1b[?1049h\x1b[Hvim');
    expect(screenOf(term)).toMatchObject({ lines: ['vim', '', ''], altScreen: true });
  });

  it('keeps wide characters in their cells', async () => {
    const term = terminal(10, 2);
    await write(term, '東京|');
    expect(screenOf(term).lines[0]).toBe('東京|');
    expect(screenOf(term).cursor.x).toBe(5);
  });
});

describe('bufferLinesOf', () => {
  it('includes the scrollback', async () => {
    const term = terminal(10, 2);
    await write(term, 'a\r\nb\r\nc\r\nd');
    expect(bufferLinesOf(term)).toEqual(['a', 'b', 'c', 'd']);
  });
});
