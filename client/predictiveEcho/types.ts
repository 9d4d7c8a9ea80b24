// Shapes shared by the predictor core and the addon that draws it: the screen it reads, the overlay it describes.

/** How a cell's colour is given, as xterm.js reports it. */
export type ColorMode = 'default' | 'palette' | 'rgb';

/** Bits of `CellStyle.flags`. */
export const StyleFlag = {
  bold: 1,
  dim: 2,
  italic: 4,
  underline: 8,
  blink: 16,
  inverse: 32,
  invisible: 64,
  strikethrough: 128,
  overline: 256,
} as const;

/** What a cell looks like apart from its characters. */
export interface CellStyle {
  readonly fg: number;
  readonly fgMode: ColorMode;
  readonly bg: number;
  readonly bgMode: ColorMode;
  /** `StyleFlag` bits. */
  readonly flags: number;
}

export const DEFAULT_STYLE: CellStyle = Object.freeze({ fg: 0, fgMode: 'default', bg: 0, bgMode: 'default', flags: 0 });

/** One cell of the screen. */
export interface ScreenCell {
  /** The characters drawn in the cell; '' for an empty cell and for the right half of a wide character. */
  readonly chars: string;
  /** Columns the cell's character takes: 1, 2 for a wide character, 0 for the right half of one. */
  readonly width: number;
  readonly style: CellStyle;
}

export interface Position {
  readonly x: number;
  readonly y: number;
}

/**
 * The real screen around the cursor, read-only: the addon implements it over xterm's `buffer.active`
 * (see `xtermScreenView.ts`), tests over `@xterm/headless`. Rows count from the top of the bottom page
 * (xterm's `baseY`), like `cursorY`.
 */
export interface ScreenView {
  readonly cols: number;
  readonly rows: number;
  /** 0 … cols; it equals `cols` right after a character was written in the last column (a wrap is pending). */
  readonly cursorX: number;
  readonly cursorY: number;
  readonly isAltScreen: boolean;
  /** The cell at column x of row y, or undefined outside the screen. */
  cellAt(x: number, y: number): ScreenCell | undefined;
}

/** The per-tab and per-saved-session setting **Predictive echo**. */
export type DisplayPreference = 'auto' | 'always' | 'never';

/** A predicted cell the addon should draw over the real one. */
export interface PredictedCell {
  readonly x: number;
  readonly y: number;
  readonly chars: string;
  readonly width: number;
  readonly style: CellStyle;
  /** Underline it: the echo is slow enough that the user should know this character is not confirmed yet. */
  readonly underline: boolean;
}

/** What the tab can say about prediction (for its indicator). */
export type PredictorStatus =
  /** Predictions are drawn. */
  | { readonly kind: 'showing' }
  /** Auto on a fast link: predicting and measuring, not drawing. */
  | { readonly kind: 'standby' }
  /** Auto before the first keystroke's echo was timed: not drawing, and not yet knowing whether it should. */
  | { readonly kind: 'measuring' }
  /** The preference is Never: measuring only. */
  | { readonly kind: 'off' }
  /** A full-screen program (vim, less, top) has the alternate screen: no prediction. */
  | { readonly kind: 'altScreen' }
  /** Too many mispredictions lately: nothing is drawn until `until` (clock time). */
  | { readonly kind: 'suspended'; readonly until: number };

/** What to draw, read after every call into the predictor. */
export interface PredictionOverlay {
  /** False: draw nothing (the other fields are then empty). */
  readonly display: boolean;
  readonly cells: readonly PredictedCell[];
  /** Where to draw the cursor instead of the real one; null: the real cursor is right. */
  readonly cursor: Position | null;
  readonly status: PredictorStatus;
}

/** Keystroke → echo times, for the latency overlay. */
export interface EchoLatency {
  /** Smoothed keystroke → echo time in ms; undefined until the first echo was seen. */
  readonly smoothedMs: number | undefined;
  /** Its mean deviation in ms. */
  readonly deviationMs: number | undefined;
  /** The latest samples, oldest first. */
  readonly recentMs: readonly number[];
  /** Samples taken since the predictor was made. */
  readonly sampleCount: number;
  /** Mispredictions shown to the user since the predictor was made. */
  readonly mispredictions: number;
}
