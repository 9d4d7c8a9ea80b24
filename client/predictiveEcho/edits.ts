// What one key is expected to do to the line it is typed on, as a shell's line editor would: a pure function.
import { blankCell, isBlank, sameCell, sameChars, sameStyle } from './cells.js';
import type { CharWidth } from './charWidth.js';
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
      /** The key starts a new epoch (Enter, the last column, a wide character). */
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
  readonly charWidth: CharWidth;
  /** Where the user's input starts on its row, when known: Backspace and ← do not go past it. */
  readonly inputStart: Position | null;
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
      return insertChar(key.text, context.charWidth(key.codePoint), cursor, screen);
    case 'backspace':
      return backspace(cursor, screen, context.inputStart);
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
    if (cell !== null && isBlank(cell)) continue;
    edits.push({ x: i, y, content: { kind: 'soft', cell: blankCell() }, typed: false });
  }
  return edits;
}

function insertChar(text: string, width: number, cursor: Position, screen: BelievedScreen): KeyEffect {
  const { x, y } = cursor;
  const { cols } = screen;
  if ((width !== 1 && width !== 2) || x + width > cols) return UNPREDICTABLE;
  const end = textEnd(screen, x, y);
  if (!onlyNarrow(cellsBetween(screen, x, end, y))) return UNPREDICTABLE;

  const style = typedStyleAt(screen, x, y);
  const typed: ScreenCell = { chars: text, width, style };
  const edits: Array<CellEdit | undefined> = [edit(screen, x, y, { kind: 'known', cell: typed }, true)];
  if (width === 2) edits.push(edit(screen, x + 1, y, { kind: 'known', cell: { chars: '', width: 0, style } }));

  if (end >= x) {
    if (isSuggestion(screen, x, y, style)) {
      const under = screen.cellAt(x, y);
      const followsSuggestion = width === 1 && under !== null && sameChars(under, typed);
      if (!followsSuggestion) edits.push(...softBlanks(screen, x + width, end, y));
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

  const wraps = x + width >= cols;
  const left = x > 0 ? screen.cellAt(x - 1, y) : null;
  const afterWide = left !== null && left.width === 0;
  return {
    kind: 'predicted',
    // The last column is where terminals and editors differ (pending wrap, continuation marks), and wide
    // characters are where width tables differ: both need the host's word before we show more. A run of
    // wide characters needs it once, for its first.
    newEpoch: wraps || (width === 2 && !afterWide),
    edits: edits.filter((e): e is CellEdit => e !== undefined),
    cursor: wraps ? nextRowStart(cursor, screen) : { x: x + width, y },
    cursorNewEpoch: wraps,
  };
}

/** On the input's row, left of or at its start: the key would reach into the prompt. */
function atInputStart(cursor: Position, inputStart: Position | null): boolean {
  return inputStart !== null && inputStart.y === cursor.y && cursor.x <= inputStart.x;
}

function backspace(cursor: Position, screen: BelievedScreen, inputStart: Position | null): KeyEffect {
  const { x, y } = cursor;
  const { cols } = screen;
  if (x === 0 || atInputStart(cursor, inputStart)) return UNPREDICTABLE;
  const deleted = screen.cellAt(x - 1, y);
  if (deleted === null || deleted.width !== 1) return UNPREDICTABLE;
  const end = textEnd(screen, x, y);
  if (!onlyNarrow(cellsBetween(screen, x, end, y))) return UNPREDICTABLE;

  const edits: Array<CellEdit | undefined> = [];
  if (end >= x && isSuggestion(screen, x, y, isBlank(deleted) ? typedStyleAt(screen, x - 1, y) : deleted.style)) {
    // The suggestion is recomputed for the shorter line; we cannot know it, so we hide the old one.
    edits.push({ x: x - 1, y, content: { kind: 'soft', cell: blankCell() }, typed: false });
    edits.push(...softBlanks(screen, x, end, y));
  } else {
    const last = screen.cellAt(cols - 1, y);
    for (let i = x - 1; i <= Math.max(x - 1, end); i++) {
      let content: PredictedContent;
      if (i + 1 < cols) content = { kind: 'known', cell: screen.cellAt(i + 1, y) ?? blankCell() };
      // A line that reaches the last column continues on the next row; its first cell comes up here.
      else content = last !== null && isBlank(last) ? { kind: 'known', cell: blankCell() } : { kind: 'unknown' };
      edits.push(edit(screen, i, y, content));
    }
  }
  return {
    kind: 'predicted',
    newEpoch: false,
    edits: edits.filter((e): e is CellEdit => e !== undefined),
    cursor: { x: x - 1, y },
    cursorNewEpoch: false,
  };
}

function moveLeft(cursor: Position, screen: BelievedScreen, inputStart: Position | null): KeyEffect {
  const { x, y } = cursor;
  if (x === 0 || atInputStart(cursor, inputStart)) return UNPREDICTABLE;
  const left = screen.cellAt(x - 1, y);
  if (left === null || left.width !== 1) return UNPREDICTABLE;
  return { kind: 'predicted', newEpoch: false, edits: [], cursor: { x: x - 1, y }, cursorNewEpoch: false };
}

function moveRight(cursor: Position, screen: BelievedScreen): KeyEffect {
  const { x, y } = cursor;
  // At the end of the line shells refuse (bash rings) or accept a suggestion (fish): neither is a step right.
  if (x + 1 >= screen.cols || textEnd(screen, x, y) < x) return UNPREDICTABLE;
  const under = screen.cellAt(x, y);
  if (under === null || under.width !== 1) return UNPREDICTABLE;
  if (isSuggestion(screen, x, y, typedStyleAt(screen, x, y))) return UNPREDICTABLE;
  return { kind: 'predicted', newEpoch: false, edits: [], cursor: { x: x + 1, y }, cursorNewEpoch: false };
}
