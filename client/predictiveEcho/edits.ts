// What one key is expected to do to the line it is typed on, as a shell's line editor would: a pure function.
import { blankCell, isBlank, sameCell, sameChars, sameStyle } from './cells.js';
import { agreedCharWidth, type CharWidth } from './charWidth.js';
import type { InputKey } from './keys.js';
import { DEFAULT_STYLE, type CellStyle, type Position, type ScreenCell } from './types.js';

/**
 * What we expect in one cell.
 * - `known`: drawn, and checked against the host's output.
 * - `soft`: drawn, never checked: a guess the host may well draw differently (an autosuggestion that goes away).
 * - `unknown`: not drawn, not checked: we cannot tell what the host will put there.
 */
export type PredictedContent =
  | { readonly kind: 'known'; readonly cell: ScreenCell }
  | { readonly kind: 'soft'; readonly cell: ScreenCell }
  | { readonly kind: 'unknown' };

export interface CellEdit {
  readonly x: number;
  readonly y: number;
  readonly content: PredictedContent;
  /** The character the user typed (not one pushed along by it). */
  readonly typed: boolean;
}

export type KeyEffect =
  | {
      readonly kind: 'predicted';
      /** The key starts a new epoch (Enter, a wide character the host has not yet been seen to agree on). */
      readonly newEpoch: boolean;
      readonly edits: readonly CellEdit[];
      readonly cursor: Position;
      /** The cursor move lands in an epoch of its own: a wrap to the next row. */
      readonly cursorNewEpoch: boolean;
    }
  | { readonly kind: 'unpredictable' };

/** The screen as the predictor believes it will be: the real screen with the pending predictions on it. */
export interface BelievedScreen {
  readonly cols: number;
  readonly rows: number;
  /** The believed cell; null where a prediction said "unknown". */
  cellAt(x: number, y: number): ScreenCell | null;
}

export interface EditContext {
  /** The terminal's widths: typed text is laid out as the terminal will draw it. */
  readonly charWidth: CharWidth;
  /**
   * Wide characters may show before the host's word: it is taken to lay them out as the terminal does (a
   * UTF-8 locale) until it has been seen not to. A grapheme the terminal splits into several cells, and a
   * combining mark typed on its own, always wait for it.
   */
  readonly widthsTrusted?: boolean;
  /** Where the user's input starts on its row, when known: Backspace and ← do not go past it. */
  readonly inputStart: Position | null;
  /**
   * The line is typed at a prompt the shell marked (OSC 133): a line editor draws it, which takes Backspace back
   * across a wrap to the row above. Without one (dash: the tty's own echo) the cursor stays at the row's start.
   */
  readonly lineEditor?: boolean;
}

const UNPREDICTABLE: KeyEffect = { kind: 'unpredictable' };

/**
 * The effect of `key` typed with the cursor at `cursor` (x < cols). Printable characters are inserted,
 * pushing the rest of the row right, as shells do; Backspace pulls it left. Text after the cursor in another
 * style than the typed text (fish's and zsh-autosuggestions' grey suggestion) is not pushed: a character
 * that matches it takes its place, one that does not hides it, as those shells do.
 */
export function effectOfKey(key: InputKey, cursor: Position, screen: BelievedScreen, context: EditContext): KeyEffect {
  if (cursor.x < 0 || cursor.x >= screen.cols || cursor.y < 0 || cursor.y >= screen.rows) return UNPREDICTABLE;
  switch (key.kind) {
    case 'char':
      return insertText(key.text, cursor, screen, context);
    case 'backspace':
      return backspace(cursor, screen, context.inputStart, context.lineEditor === true);
    case 'left':
      return moveLeft(cursor, screen, context.inputStart);
    case 'right':
      return moveRight(cursor, screen);
    case 'enter':
      return {
        kind: 'predicted',
        newEpoch: true,
        edits: [],
        cursor: nextRowStart(cursor, screen),
        cursorNewEpoch: false,
      };
    case 'paste':
    case 'other':
      return UNPREDICTABLE;
  }
}

/** Where the cursor goes on Enter or a wrap; on the bottom row the screen scrolls, so it stays on that row. */
function nextRowStart(cursor: Position, screen: BelievedScreen): Position {
  return { x: 0, y: Math.min(cursor.y + 1, screen.rows - 1) };
}

/**
 * This many blank cells end the line's text: what lies beyond is not pushed along by typing (zsh's
 * RPROMPT, fish's right prompt stay at the right margin).
 */
export const TEXT_GAP = 4;

/** The believed cells from x to `end`. */
function cellsBetween(screen: BelievedScreen, x: number, end: number, y: number): Array<ScreenCell | null> {
  const cells: Array<ScreenCell | null> = [];
  for (let i = x; i <= end; i++) cells.push(screen.cellAt(i, y));
  return cells;
}

/** Column of the last cell (not blank, or unknown) of the text that runs on from x; -1 if there is none. */
function textEnd(screen: BelievedScreen, x: number, y: number): number {
  let end = -1;
  let blanks = 0;
  for (let i = x; i < screen.cols; i++) {
    const cell = screen.cellAt(i, y);
    if (cell !== null && isBlank(cell)) {
      if (++blanks >= TEXT_GAP) break;
      continue;
    }
    blanks = 0;
    end = i;
  }
  return end;
}

/** Wide characters and unknown cells in the text we would shift make the shift a guess; we do not guess. */
function onlyNarrow(cells: ReadonlyArray<ScreenCell | null>): boolean {
  return cells.every((cell) => cell !== null && (cell.width === 1 || (isBlank(cell) && cell.width !== 0)));
}

/**
 * Text from the cursor to the end of the line's content, all in one style (its spaces too, as the host
 * wrote them) that is neither the typed text's nor plain: an autosuggestion (fish, zsh-autosuggestions draw
 * them grey). Mid-line editing in a colourful shell can look the same; then the guess is briefly off (the
 * rest hidden until the echo), never left wrong.
 */
function isSuggestion(screen: BelievedScreen, x: number, y: number, typedStyle: CellStyle): boolean {
  const first = screen.cellAt(x, y);
  const end = textEnd(screen, x, y);
  if (first === null || end < x) return false;
  if (sameStyle(first.style, typedStyle) || sameStyle(first.style, DEFAULT_STYLE)) return false;
  for (let i = x; i <= end; i++) {
    const cell = screen.cellAt(i, y);
    if (cell === null || !sameStyle(cell.style, first.style)) return false;
  }
  return true;
}

/** The style a typed character gets: that of the character before it, else the default. */
function typedStyleAt(screen: BelievedScreen, x: number, y: number): CellStyle {
  const left = x > 0 ? screen.cellAt(x - 1, y) : null;
  return left !== null && !isBlank(left) ? left.style : DEFAULT_STYLE;
}

/** An edit, or nothing when the believed cell already is that. */
function edit(
  screen: BelievedScreen,
  x: number,
  y: number,
  content: PredictedContent,
  typed = false,
): CellEdit | undefined {
  const current = screen.cellAt(x, y);
  if (content.kind === 'unknown') return current === null ? undefined : { x, y, content, typed };
  if (current !== null && sameCell(current, content.cell) && !typed) return undefined;
  return { x, y, content, typed };
}

function softBlanks(screen: BelievedScreen, from: number, to: number, y: number): CellEdit[] {
  const edits: CellEdit[] = [];
  for (let i = from; i <= to; i++) {
    const cell = screen.cellAt(i, y);
    // The right half of a wide character is blank too, but it goes with its left half.
    if (cell !== null && isBlank(cell) && cell.width !== 0) continue;
    edits.push({ x: i, y, content: { kind: 'soft', cell: blankCell() }, typed: false });
  }
  return edits;
}

/** The cells `text` takes, as the terminal lays it out: a code point of width 0 joins the cell before it. */
function layOut(text: string, charWidth: CharWidth, style: CellStyle): ScreenCell[] | null {
  const cells: ScreenCell[] = [];
  for (const ch of text) {
    const width = charWidth(ch.codePointAt(0)!);
    if (width === 1 || width === 2) {
      cells.push({ chars: ch, width, style });
      continue;
    }
    const last = cells.pop();
    if (width !== 0 || last === undefined) return null;
    cells.push({ ...last, chars: last.chars + ch });
  }
  return cells;
}

/**
 * Text whose width not every table agrees on, or that is wide (a host whose locale is not UTF-8 echoes it
 * as escapes): it needs the host's word once before such text shows.
 */
function widthInDoubt(text: string, cells: readonly ScreenCell[], charWidth: CharWidth): boolean {
  if (cells.some((cell) => cell.width !== 1)) return true;
  return [...text].some((ch) => agreedCharWidth(ch.codePointAt(0)!) !== charWidth(ch.codePointAt(0)!));
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A grapheme the terminal draws in more than one cell (an emoji with a skin tone, a ZWJ family: Unicode 11
 * gives each part its own cells) is where shells' own tables disagree (fish 3 draws the tone elsewhere).
 */
function splitsGrapheme(text: string, charWidth: CharWidth): boolean {
  for (const { segment } of graphemeSegmenter.segment(text)) {
    if ([...segment].filter((ch) => charWidth(ch.codePointAt(0)!) !== 0).length > 1) return true;
  }
  return false;
}

/** The cell a combining mark typed on its own joins, as the terminal joins it: the character left of the cursor. */
function joinedCell(cursor: Position, screen: BelievedScreen): Position | null {
  const { x, y } = cursor;
  const left = x > 0 ? screen.cellAt(x - 1, y) : null;
  if (left === null || isBlank(left)) return null;
  if (left.width === 1) return { x: x - 1, y };
  const wide = x > 1 ? screen.cellAt(x - 2, y) : null;
  return left.width === 0 && wide !== null && wide.width === 2 ? { x: x - 2, y } : null;
}

function insertText(text: string, cursor: Position, screen: BelievedScreen, context: EditContext): KeyEffect {
  const { x, y } = cursor;
  const { cols } = screen;
  const style = typedStyleAt(screen, x, y);
  if ([...text].every((ch) => context.charWidth(ch.codePointAt(0)!) === 0)) return joinMark(text, cursor, screen);
  const glyphs = layOut(text, context.charWidth, style);
  if (glyphs === null) return UNPREDICTABLE;
  const width = glyphs.reduce((sum, glyph) => sum + glyph.width, 0);
  const end = textEnd(screen, x, y);
  const left = x > 0 ? screen.cellAt(x - 1, y) : null;
  const afterWide = left !== null && left.width === 0;
  // A run of wide characters needs the host's word once, for its first.
  const doubt =
    (!context.widthsTrusted && widthInDoubt(text, glyphs, context.charWidth) && !afterWide) ||
    splitsGrapheme(text, context.charWidth);
  if (x + width > cols) return wideAtMargin(glyphs, cursor, screen, end, context);
  // Text after the cursor would be pushed onto the next row, which we do not predict.
  if (x + width >= cols && end >= x && width > 1) return UNPREDICTABLE;
  // A suggestion is not pushed along, so what it holds does not matter; text that is must be narrow.
  const suggestion = end >= x && isSuggestion(screen, x, y, style);
  if (!suggestion && !onlyNarrow(cellsBetween(screen, x, end, y))) return UNPREDICTABLE;

  const edits: Array<CellEdit | undefined> = [];
  let at = x;
  for (const glyph of glyphs) {
    edits.push(edit(screen, at, y, { kind: 'known', cell: glyph }, true));
    if (glyph.width === 2) edits.push(edit(screen, at + 1, y, { kind: 'known', cell: { chars: '', width: 0, style } }));
    at += glyph.width;
  }

  if (end >= x) {
    if (suggestion) {
      if (!followsSuggestion(glyphs, cursor, screen)) edits.push(...softBlanks(screen, x + width, end, y));
    } else {
      for (let i = Math.min(cols - 1, end + width); i >= x + width; i--) {
        const source = screen.cellAt(i - width, y);
        // What reaches the last column may be drawn differently (a continuation mark), so leave it be.
        const content: PredictedContent =
          i === cols - 1 && (source === null || !isBlank(source))
            ? { kind: 'unknown' }
            : { kind: 'known', cell: source ?? blankCell() };
        edits.push(edit(screen, i, y, content));
      }
    }
  }

  // At the last column the terminal holds the cursor there with a wrap pending, or the shell forces the
  // wrap (bash: SP CR); either way the next character lands at the start of the next row (`realCursor`).
  // Recorded bash, zsh, dash and fish all agree, so the wrap shows at once.
  const wraps = x + width >= cols;
  return {
    kind: 'predicted',
    // Wide characters are where width tables differ: they need the host's word until it has given it.
    newEpoch: doubt,
    edits: edits.filter((e): e is CellEdit => e !== undefined),
    cursor: wraps ? nextRowStart(cursor, screen) : { x: x + width, y },
    cursorNewEpoch: false,
  };
}

/** The typed glyphs spell what the suggestion shows from the cursor on, column for column. */
function followsSuggestion(glyphs: readonly ScreenCell[], cursor: Position, screen: BelievedScreen): boolean {
  let x = cursor.x;
  for (const glyph of glyphs) {
    const under = screen.cellAt(x, cursor.y);
    if (under === null || !sameChars(under, glyph)) return false;
    x += glyph.width;
  }
  return true;
}

/**
 * A wide character typed in the last column: the terminal leaves that cell empty and draws it at the start
 * of the next row, as xterm and the shells' line editors do. Predicted only at the end of the line, with a
 * blank row below (on the bottom row the screen would scroll under the prediction). Once the host's widths
 * are trusted it shows at once, as a narrow character wrapping does.
 */
function wideAtMargin(
  glyphs: readonly ScreenCell[],
  cursor: Position,
  screen: BelievedScreen,
  end: number,
  context: EditContext,
): KeyEffect {
  const { x, y } = cursor;
  const [glyph] = glyphs;
  if (glyphs.length !== 1 || glyph === undefined || glyph.width !== 2 || x !== screen.cols - 1) return UNPREDICTABLE;
  if (end >= x || y + 1 >= screen.rows) return UNPREDICTABLE;
  const below = [screen.cellAt(0, y + 1), screen.cellAt(1, y + 1)];
  if (below.some((cell) => cell === null || !isBlank(cell) || cell.width !== 1)) return UNPREDICTABLE;
  const edits = [
    edit(screen, x, y, { kind: 'known', cell: blankCell() }),
    edit(screen, 0, y + 1, { kind: 'known', cell: glyph }, true),
    edit(screen, 1, y + 1, { kind: 'known', cell: { chars: '', width: 0, style: glyph.style } }),
  ];
  return {
    kind: 'predicted',
    newEpoch: !context.widthsTrusted,
    edits: edits.filter((e): e is CellEdit => e !== undefined),
    cursor: { x: 2, y: y + 1 },
    cursorNewEpoch: false,
  };
}

/**
 * A combining mark typed on its own joins the character before the cursor; the cursor stays. Shells differ
 * here (zsh without COMBINING_CHARS shows `<0301>`), so it always waits for the host's word.
 */
function joinMark(text: string, cursor: Position, screen: BelievedScreen): KeyEffect {
  const at = joinedCell(cursor, screen);
  if (at === null || textEnd(screen, cursor.x, cursor.y) >= cursor.x) return UNPREDICTABLE;
  const base = screen.cellAt(at.x, at.y)!;
  const joined: ScreenCell = { ...base, chars: base.chars + text };
  return {
    kind: 'predicted',
    newEpoch: true,
    edits: [{ x: at.x, y: at.y, content: { kind: 'known', cell: joined }, typed: true }],
    cursor,
    cursorNewEpoch: false,
  };
}

/** On the input's row, left of or at its start: the key would reach into the prompt. */
function atInputStart(cursor: Position, inputStart: Position | null): boolean {
  return inputStart !== null && inputStart.y === cursor.y && cursor.x <= inputStart.x;
}

function backspace(cursor: Position, screen: BelievedScreen, inputStart: Position | null, lineEditor: boolean): KeyEffect {
  const { x, y } = cursor;
  const { cols } = screen;
  if (x === 0) return lineEditor ? backspaceAcrossWrap(cursor, screen, inputStart) : UNPREDICTABLE;
  if (atInputStart(cursor, inputStart)) return UNPREDICTABLE;
  const n = columnsLeft(cursor, screen);
  // A character with marks joined to it: shells differ on whether Backspace takes the mark or all of it.
  const deleted = n === 0 ? null : screen.cellAt(x - n, y);
  if (deleted === null || [...deleted.chars].length > 1) return UNPREDICTABLE;
  const end = textEnd(screen, x, y);
  if (!onlyNarrow(cellsBetween(screen, x, end, y))) return UNPREDICTABLE;

  const edits: Array<CellEdit | undefined> = [];
  if (end >= x && isSuggestion(screen, x, y, isBlank(deleted) ? typedStyleAt(screen, x - n, y) : deleted.style)) {
    // The suggestion is recomputed for the shorter line; we cannot know it, so we hide the old one.
    for (let i = x - n; i < x; i++) edits.push({ x: i, y, content: { kind: 'soft', cell: blankCell() }, typed: false });
    edits.push(...softBlanks(screen, x, end, y));
  } else {
    const last = screen.cellAt(cols - 1, y);
    for (let i = x - n; i <= Math.max(x - 1, end); i++) {
      let content: PredictedContent;
      if (i + n < cols) content = { kind: 'known', cell: screen.cellAt(i + n, y) ?? blankCell() };
      // A line that reaches the last column continues on the next row; its first cell comes up here.
      else content = last !== null && isBlank(last) ? { kind: 'known', cell: blankCell() } : { kind: 'unknown' };
      edits.push(edit(screen, i, y, content));
    }
  }
  return {
    kind: 'predicted',
    newEpoch: false,
    edits: edits.filter((e): e is CellEdit => e !== undefined),
    cursor: { x: x - n, y },
    cursorNewEpoch: false,
  };
}

/**
 * Backspace at the start of a row the line wrapped onto, at its end: line editors take the last character of the
 * row above and put the cursor in its place (recorded bash and fish agree). Only when the input is known to start on
 * an earlier row, the row holds nothing, and that character is narrow and whole; a wide character that wrapped
 * from the margin leaves the last cell above empty, and what happens then differs.
 */
function backspaceAcrossWrap(cursor: Position, screen: BelievedScreen, inputStart: Position | null): KeyEffect {
  const { y } = cursor;
  const { cols } = screen;
  if (y === 0 || inputStart === null || inputStart.y >= y) return UNPREDICTABLE;
  for (let i = 0; i < cols; i++) {
    const cell = screen.cellAt(i, y);
    if (cell === null || !isBlank(cell)) return UNPREDICTABLE;
  }
  const above = screen.cellAt(cols - 1, y - 1);
  if (above === null || isBlank(above) || above.width !== 1 || [...above.chars].length > 1) return UNPREDICTABLE;
  const erased = edit(screen, cols - 1, y - 1, { kind: 'known', cell: blankCell() });
  return {
    kind: 'predicted',
    newEpoch: false,
    edits: erased === undefined ? [] : [erased],
    cursor: { x: cols - 1, y: y - 1 },
    cursorNewEpoch: false,
  };
}

/**
 * Columns the character left of the cursor takes: 1, 2 for a wide character, 0 when we cannot tell. A wide
 * character at the start of a row may have wrapped there from the margin, leaving the last cell above empty:
 * going back over it, shells put the cursor after the text above, so that is not predicted.
 */
function columnsLeft(cursor: Position, screen: BelievedScreen): number {
  const { x, y } = cursor;
  const left = x > 0 ? screen.cellAt(x - 1, y) : null;
  if (left === null) return 0;
  if (left.width === 1) return 1;
  const wide = x > 1 ? screen.cellAt(x - 2, y) : null;
  if (x === 2 && y > 0) return 0;
  return left.width === 0 && wide !== null && wide.width === 2 ? 2 : 0;
}

function moveLeft(cursor: Position, screen: BelievedScreen, inputStart: Position | null): KeyEffect {
  const { x, y } = cursor;
  if (x === 0 || atInputStart(cursor, inputStart)) return UNPREDICTABLE;
  const n = columnsLeft(cursor, screen);
  if (n === 0) return UNPREDICTABLE;
  return { kind: 'predicted', newEpoch: false, edits: [], cursor: { x: x - n, y }, cursorNewEpoch: false };
}

function moveRight(cursor: Position, screen: BelievedScreen): KeyEffect {
  const { x, y } = cursor;
  // At the end of the line shells refuse (bash rings) or accept a suggestion (fish): neither is a step right.
  if (x + 1 >= screen.cols || textEnd(screen, x, y) < x) return UNPREDICTABLE;
  const under = screen.cellAt(x, y);
  if (under === null || (under.width !== 1 && under.width !== 2) || x + under.width >= screen.cols) return UNPREDICTABLE;
  if (isSuggestion(screen, x, y, typedStyleAt(screen, x, y))) return UNPREDICTABLE;
  return { kind: 'predicted', newEpoch: false, edits: [], cursor: { x: x + under.width, y }, cursorNewEpoch: false };
}
