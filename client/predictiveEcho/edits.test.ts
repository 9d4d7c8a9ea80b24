import { describe, expect, it } from 'vitest';
import { effectOfKey, type BelievedScreen, type EditContext, type KeyEffect } from './edits.js';
import { classifyInput, type InputKey } from './keys.js';
import { terminalCharWidth } from './terminalWidth.js';
import { DEFAULT_STYLE, type CellStyle, type Position, type ScreenCell } from './types.js';

const grey: CellStyle = { ...DEFAULT_STYLE, fg: 8, fgMode: 'palette' };
const blue: CellStyle = { ...DEFAULT_STYLE, fg: 4, fgMode: 'palette' };

/**
 * A screen from text: rows split on '\n', `|` at the cursor, text in ‹…› grey (a suggestion), in «…» blue
 * (highlighted), '?' an unknown cell. Characters take the columns the terminal gives them (日: two; a
 * combining mark joins the cell before).
 */
function screenOf(text: string, cols: number, rows = 3): { screen: BelievedScreen; cursor: Position } {
  const grid: Array<Array<ScreenCell | null>> = [];
  let cursor: Position = { x: 0, y: 0 };
  text.split('\n').forEach((line, y) => {
    const row: Array<ScreenCell | null> = [];
    let style = DEFAULT_STYLE;
    for (const ch of line) {
      if (ch === '|') cursor = { x: row.length, y };
      else if (ch === '‹') style = grey;
      else if (ch === '«') style = blue;
      else if (ch === '›' || ch === '»') style = DEFAULT_STYLE;
      else if (ch === '?') row.push(null);
      else {
        const width = terminalCharWidth(ch.codePointAt(0)!);
        const last = row[row.length - 1];
        if (width === 0 && last) row[row.length - 1] = { ...last, chars: last.chars + ch };
        if (width === 0) continue;
        row.push({ chars: ch, width, style });
        if (width === 2) row.push({ chars: '', width: 0, style });
      }
    }
    grid[y] = row;
  });
  const blank: ScreenCell = { chars: '', width: 1, style: DEFAULT_STYLE };
  return {
    cursor,
    screen: {
      cols,
      rows,
      cellAt: (x, y) => {
        const row = grid[y];
        if (row === undefined || x >= row.length) return blank;
        return row[x] ?? null;
      },
    },
  };
}

/** The screen after the effect, drawn as text: soft cells as spaces, unknown ones as '?'. */
function after(text: string, cols: number, effect: KeyEffect, rows = 3): string {
  const { screen } = screenOf(text, cols, rows);
  if (effect.kind !== 'predicted') return 'unpredictable';
  const grid: string[][] = [];
  for (let y = 0; y < rows; y++) {
    grid.push([]);
    for (let x = 0; x < cols; x++) {
      const cell = screen.cellAt(x, y);
      grid[y]!.push(cell === null ? '?' : cell.width === 0 ? '' : cell.chars || ' ');
    }
  }
  for (const e of effect.edits) {
    grid[e.y]![e.x] = e.content.kind === 'unknown' ? '?' : e.content.cell.width === 0 ? '' : e.content.cell.chars || ' ';
  }
  const { x, y } = effect.cursor;
  return grid
    .map((row, r) => (r === y ? [...row.slice(0, x), '|', ...row.slice(x)] : row).join('').trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

interface PressOptions {
  rows?: number;
  inputStart?: Position;
  widthsTrusted?: boolean;
  lineEditor?: boolean;
}

function press(text: string, cols: number, keys: string, options: PressOptions = {}) {
  const { screen, cursor } = screenOf(text, cols, options.rows);
  const keysNow = classifyInput(keys);
  expect(keysNow).toHaveLength(1);
  const context: EditContext = {
    charWidth: terminalCharWidth,
    inputStart: options.inputStart ?? null,
    widthsTrusted: options.widthsTrusted ?? false,
    lineEditor: options.lineEditor ?? false,
  };
  return effectOfKey(keysNow[0] as InputKey, cursor, screen, context);
}

function typed(text: string, cols: number, keys: string, options: PressOptions = {}) {
  return after(text, cols, press(text, cols, keys, options), options.rows);
}

describe('a printable character', () => {
  it('goes at the cursor, which moves on', () => {
    expect(typed('$ ec|', 20, 'h')).toBe('$ ech|');
    const effect = press('$ ec|', 20, 'h');
    expect(effect).toMatchObject({ kind: 'predicted', newEpoch: false, cursorNewEpoch: false });
    if (effect.kind === 'predicted') expect(effect.edits).toEqual([expect.objectContaining({ x: 4, typed: true })]);
  });

  it('is inserted mid-line, pushing the rest right', () => {
    expect(typed('$ ec|o hi', 20, 'h')).toBe('$ ech|o hi');
  });

  it('takes the style of the text before it', () => {
    const effect = press('$ «ec»|', 20, 'h');
    if (effect.kind !== 'predicted') throw new Error('predicted');
    expect(effect.edits[0]!.content).toEqual({ kind: 'known', cell: { chars: 'h', width: 1, style: blue } });
  });

  it('leaves unknown what is pushed into the last column', () => {
    expect(typed('$ ab|cde', 7, 'x')).toBe('$ abx|c?');
  });

  it('at the last column wraps the cursor to the next row, in the same epoch', () => {
    expect(typed('$ abcd|', 7, 'e')).toBe('$ abcde\n|');
    expect(press('$ abcd|', 7, 'e')).toMatchObject({ newEpoch: false, cursorNewEpoch: false });
  });

  it('on the bottom row wraps to the start of that row (the screen scrolls)', () => {
    expect(press('\n$ abcd|', 7, 'e', { rows: 2 })).toMatchObject({ cursor: { x: 0, y: 1 } });
  });

  it('when wide, starts a new epoch and takes two columns', () => {
    expect(typed('$ |', 10, '日')).toBe('$ 日|');
    const effect = press('$ |', 10, '日');
    expect(effect).toMatchObject({ newEpoch: true, cursor: { x: 4, y: 0 } });
    if (effect.kind === 'predicted') expect(effect.edits.map((e) => e.x)).toEqual([2, 3]);
  });

  it('after a wide character, when wide, continues its epoch', () => {
    expect(press('$ 日|', 10, '本')).toMatchObject({ newEpoch: false, cursor: { x: 6, y: 0 } });
  });

  it('is not predicted when it would not fit, would push text onto the next row, or the line holds wide text', () => {
    expect(typed('$ abcde|', 8, '日本')).toBe('unpredictable');
    expect(typed('$ abcdef|g', 10, '日')).toBe('unpredictable');
    expect(typed('$ a|日', 10, 'x')).toBe('unpredictable');
    expect(typed('$ a|?', 10, 'x')).toBe('unpredictable');
  });

  it('follows an autosuggestion it matches, and hides one it does not', () => {
    expect(typed('> e|‹cho hello›', 20, 'c')).toBe('> ec|ho hello');
    expect(typed('> e|‹cho hello›', 20, 'x')).toBe('> ex|');
    const effect = press('> e|‹cho hello›', 20, 'x');
    if (effect.kind !== 'predicted') throw new Error('predicted');
    expect(effect.edits.slice(1).every((e) => e.content.kind === 'soft')).toBe(true);
  });

  it('inserts before plain text after highlighted text (zsh-syntax-highlighting)', () => {
    expect(typed('> «ls»| -l', 20, 'x')).toBe('> lsx| -l');
    expect(typed('> «ls»|« -l»', 20, 'x')).toBe('> lsx| -l');
  });

  it('takes a grey run from the cursor to the end of the line, spaces and all, for a suggestion', () => {
    expect(typed('> echo|‹ hello›', 20, ' ')).toBe('> echo |hello');
    expect(typed('> echo|‹ hello›', 20, 'x')).toBe('> echox|');
  });
});

describe('text at the right margin (zsh RPROMPT)', () => {
  const gap = (n: number): string => ' '.repeat(n);

  it('stays put while typing before it', () => {
    expect(typed(`% ls|${gap(15)}~/src`, 30, 'x')).toBe(`% lsx|${gap(14)}~/src`);
    expect(typed(`% l|s${gap(15)}~/src`, 30, 'x')).toBe(`% lx|s${gap(14)}~/src`);
    expect(typed(`% ls|${gap(15)}~/src`, 30, '\x7f')).toBe(`% l|${gap(16)}~/src`);
    expect(typed(`% l|s${gap(15)}~/src`, 30, '\x7f')).toBe(`% |s${gap(16)}~/src`);
  });

  it('does not make → at the end of the input a step right', () => {
    expect(typed(`% ls|${gap(15)}~/src`, 30, '\x1b[C')).toBe('unpredictable');
  });

  it('does not keep a suggestion from being one', () => {
    expect(typed(`> e|‹cho›${gap(12)}~/src`, 30, 'x')).toBe(`> ex|${gap(14)}~/src`);
  });
});

describe('Backspace', () => {
  it('erases before the cursor', () => {
    expect(typed('$ ab|', 20, '\x7f')).toBe('$ a|');
  });

  it('pulls the rest of the line left', () => {
    expect(typed('$ a|bc', 20, '\x7f')).toBe('$ |bc');
  });

  it('leaves the last column unknown when the line continues on the next row', () => {
    expect(typed('$ abcd|e', 7, '\x7f')).toBe('$ abc|e?');
  });

  it('is not predicted at the left margin or into the prompt', () => {
    expect(typed('|ab', 20, '\x7f')).toBe('unpredictable');
    expect(typed('$ |ab', 20, '\x7f', { inputStart: { x: 2, y: 0 } })).toBe('unpredictable');
    expect(typed('$ a|b', 20, '\x7f', { inputStart: { x: 2, y: 0 } })).toBe('$ |b');
  });

  it('at the start of a row the line wrapped onto, erases the last character above when a line editor draws the line', () => {
    const wrapped = { inputStart: { x: 2, y: 0 }, lineEditor: true };
    expect(typed('$ abcde\n|', 7, '\x7f', wrapped)).toBe('$ abcd|');
    expect(press('$ abcde\n|', 7, '\x7f', wrapped)).toMatchObject({ kind: 'predicted', newEpoch: false, cursor: { x: 6, y: 0 } });
    // Not without a line editor (dash: the tty leaves the cursor at the row's start), nor when the input may start
    // on this row, nor with text on the row, nor over a wide character's empty cell (it wrapped from the margin).
    expect(typed('$ abcde\n|', 7, '\x7f', { inputStart: { x: 2, y: 0 } })).toBe('unpredictable');
    expect(typed('$ abcde\n|', 7, '\x7f', { lineEditor: true })).toBe('unpredictable');
    expect(typed('$ abcde\n|', 7, '\x7f', { inputStart: { x: 0, y: 1 }, lineEditor: true })).toBe('unpredictable');
    expect(typed('$ abcde\n|f', 7, '\x7f', wrapped)).toBe('unpredictable');
    expect(typed('$ abcd\n|日', 7, '\x7f', wrapped)).toBe('unpredictable');
    expect(typed('$ abcd \n|', 7, '\x7f', wrapped)).toBe('unpredictable');
  });

  it('is not predicted over a wide character at the start of a row (it may have wrapped from the margin)', () => {
    expect(typed('$ abcdefg\n日|', 10, '\x7f')).toBe('unpredictable');
    expect(typed('$ abcdefg\n日|', 10, '\x1b[D')).toBe('unpredictable');
  });

  it('takes a wide character whole, both its columns', () => {
    expect(typed('$ 日本|', 20, '\x7f')).toBe('$ 日|');
    expect(typed('$ 日|本', 20, '\x7f')).toBe('unpredictable'); // pulling a wide character left: not guessed
    expect(typed('$ a日|bc', 20, '\x7f')).toBe('$ a|bc');
    expect(press('$ a日|bc', 20, '\x7f')).toMatchObject({ cursor: { x: 3, y: 0 } });
  });

  it('is not predicted over a character with a mark joined to it (shells differ on what goes)', () => {
    expect(typed('$ e\u0301|', 20, '\x7f')).toBe('unpredictable');
  });

  it('hides an autosuggestion after the cursor', () => {
    expect(typed('> ec|‹ho hello›', 20, '\x7f')).toBe('> e|');
  });
});

describe('arrows', () => {
  it('← moves left, not past the margin or into the prompt', () => {
    expect(typed('$ ab|', 20, '\x1b[D')).toBe('$ a|b');
    expect(typed('|$', 20, '\x1b[D')).toBe('unpredictable');
    expect(typed('$ |ab', 20, '\x1b[D', { inputStart: { x: 2, y: 0 } })).toBe('unpredictable');
    expect(typed('$ 日|', 20, '\x1b[D')).toBe('$ |日');
  });

  it('→ steps over a wide character', () => {
    expect(typed('$ |日本', 20, '\x1b[C')).toBe('$ 日|本');
  });

  it('→ moves right through text', () => {
    expect(typed('$ a|b', 20, '\x1b[C')).toBe('$ ab|');
    expect(typed('$ a| b', 20, '\x1b[C')).toBe('$ a |b');
  });

  it('→ is not predicted at the end of the line, onto a suggestion, or at the margin', () => {
    expect(typed('$ ab|', 20, '\x1b[C')).toBe('unpredictable');
    expect(typed('> e|‹cho›', 20, '\x1b[C')).toBe('unpredictable');
    expect(typed('$ abc|d', 6, '\x1b[C')).toBe('unpredictable');
  });
});

describe('Enter', () => {
  it('starts a new epoch at the start of the next row', () => {
    expect(press('$ ls|', 20, '\r')).toEqual({
      kind: 'predicted',
      newEpoch: true,
      edits: [],
      cursor: { x: 0, y: 1 },
      cursorNewEpoch: false,
    });
  });

  it('stays on the bottom row, which scrolls', () => {
    expect(press('\n$ ls|', 20, '\r', { rows: 2 })).toMatchObject({ cursor: { x: 0, y: 1 } });
  });
});

describe('keys not predicted', () => {
  it('include control keys, other sequences and pastes', () => {
    for (const keys of ['\x03', '\t', '\x1b[A', 'echo hello world\r']) {
      expect(typed('$ |', 20, keys)).toBe('unpredictable');
    }
  });

  it('include anything at a pending wrap', () => {
    const { screen } = screenOf('$ ab', 4);
    const effect = effectOfKey({ kind: 'char', text: 'x' }, { x: 4, y: 0 }, screen, {
      charWidth: terminalCharWidth,
      inputStart: null,
    });
    expect(effect.kind).toBe('unpredictable');
  });
});

describe('wide characters, emoji and combining marks', () => {
  it('draws a wide character in its two columns', () => {
    expect(typed('$ |', 20, '日')).toBe('$ 日|');
    expect(press('$ |', 20, '日')).toMatchObject({ cursor: { x: 4, y: 0 } });
  });

  it('needs the host once before wide text shows, until it has echoed one as the terminal draws it', () => {
    expect(press('$ |', 20, '日')).toMatchObject({ newEpoch: true });
    expect(press('$ 日|', 20, '本')).toMatchObject({ newEpoch: false }); // the run's first asked already
    expect(press('$ |', 20, '日', { widthsTrusted: true })).toMatchObject({ newEpoch: false });
    expect(press('$ |', 20, 'a')).toMatchObject({ newEpoch: false });
  });

  it('lays out an emoji with its skin tone as the terminal does (Unicode 11: two wide cells), as one key', () => {
    expect(typed('$ |', 20, '👋🏽')).toBe('$ 👋🏽|');
    expect(press('$ |', 20, '👋🏽')).toMatchObject({ cursor: { x: 6, y: 0 } });
  });

  it('waits for the host on a grapheme the terminal splits into several cells, however trusted', () => {
    expect(press('$ |', 20, '👋🏽', { widthsTrusted: true })).toMatchObject({ newEpoch: true });
    expect(press('$ |', 20, '👋', { widthsTrusted: true })).toMatchObject({ newEpoch: false });
    expect(press('$ |', 20, '日本語', { widthsTrusted: true })).toMatchObject({ newEpoch: false });
  });

  it('joins a combining accent typed on its own to the character before the cursor', () => {
    expect(typed('$ e|', 20, '\u0301')).toBe('$ e\u0301|');
    expect(press('$ e|', 20, '\u0301')).toMatchObject({ cursor: { x: 3, y: 0 } });
    expect(typed('$ |', 20, '\u0301')).toBe('unpredictable'); // nothing to join: the prompt's blank
  });

  it('waits for the host on a combining mark typed on its own, however trusted (zsh may show <0301>)', () => {
    expect(press('$ e|', 20, '\u0301', { widthsTrusted: true })).toMatchObject({ newEpoch: true });
  });

  it('follows an autosuggestion with wide text in it (fish)', () => {
    expect(typed('> echo |‹日本語›', 20, '日本')).toBe('> echo 日本|語');
    expect(typed('> echo |‹日本語›', 20, 'x')).toBe('> echo x|');
  });

  it('keeps a letter and its accent in one cell when typed together', () => {
    expect(typed('$ |', 20, 'e\u0301')).toBe('$ e\u0301|');
  });

  it('predicts an input method\'s commit as one edit', () => {
    expect(typed('$ |', 20, '日本語')).toBe('$ 日本語|');
    expect(typed('$ |x', 20, '日本')).toBe('$ 日本|x');
  });

  it('moves a wide character typed in the last column to the next row, leaving the last cell empty', () => {
    expect(typed('$ abcdefg|', 10, '日')).toBe('$ abcdefg\n日|');
    expect(press('$ abcdefg|', 10, '日')).toMatchObject({ newEpoch: true, cursor: { x: 2, y: 1 } });
  });

  it('does not guess a wide character at the margin with text after it, on a non-blank row or the bottom row', () => {
    expect(typed('$ abcdef|g', 10, '日')).toBe('unpredictable');
    expect(typed('$ abcdefg|\nzz', 10, '日')).toBe('unpredictable');
    expect(typed('$ abcdefg|', 10, '日', { rows: 1 })).toBe('unpredictable');
  });
});
