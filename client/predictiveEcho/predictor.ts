// The predictive echo engine: predicts each keystroke's echo, checks the host's output against it, says what to draw.
import { BellScanner } from './bell.js';
import { blankCell, isBlank, sameCell, sameStyle } from './cells.js';
import type { CharWidth } from './charWidth.js';
import { effectOfKey, type BelievedScreen, type PredictedContent } from './edits.js';
import { judgeCell, type CellVerdict } from './judge.js';
import { ShellMarkScanner, type ShellMark } from '../terminal/shellMarks.js';
import { classifyInput, type InputKey, type InputOrigin } from './keys.js';
import { afterLineEnded, afterShellMark, UNMARKED_PROMPT } from './markedPrompt.js';
import {
  followEchoTime,
  GLITCH_MS,
  GLITCH_REPAIR_COUNT,
  GLITCH_UNDERLINE_MS,
  INITIAL_PROTECTION,
  INITIAL_TRIGGERS,
  noteConfirmation,
  noteMisprediction,
  notePendingAge,
  protectionAt,
  shouldDraw,
  shouldUnderline,
  statusOf,
} from './policy.js';
import { addEchoSample, NO_ECHO_TIMES } from './rttEstimator.js';
import { terminalCharWidth } from './terminalWidth.js';
import {
  DEFAULT_STYLE,
  type DisplayPreference,
  type EchoLatency,
  type PredictedCell,
  type PredictionOverlay,
  type PredictorStatus,
  type Position,
  type ScreenCell,
  type ScreenView,
} from './types.js';

/**
 * A screen that disagrees with the predictions is a verdict once output has been quiet this long: a shell's
 * redraw can arrive in pieces, and the half-drawn line between them is not one.
 */
export const QUIET_MS = 15;
/** … or once it has disagreed this long, however busy the output (a command printing while we predict). */
export const MISMATCH_PATIENCE_MS = 100;
/** Predictions the host has not answered after this long (or 8 smoothed echo times) are dropped. */
export const EXPIRY_MIN_MS = 5_000;
export const EXPIRY_ECHO_TIMES = 8;
/** Keystrokes pending without any answer beyond this are given up on (a long `read -s`). */
export const MAX_PENDING_KEYS = 256;
/**
 * How long past its smoothed echo time a keystroke's answer may still come: at least this, half the echo
 * time, or four deviations. After that, a screen that already looks as predicted is taken as the host's full
 * answer ("x, Backspace" looks done before the host has even seen the x; only time tells), and a key the host
 * said nothing to, while it did say something later, as ignored.
 */
export const SETTLE_MARGIN_MS = 50;
/** The same before any echo was measured. */
export const SETTLE_UNMEASURED_MS = 500;
/** Output later than this share of the echo time after a keystroke is taken to include its answer. */
export const REPLAY_ECHO_SHARE = 0.75;

export interface PredictorOptions {
  /** The real screen; the addon passes `xtermScreenView(terminal)`. */
  readonly screen: ScreenView;
  /** Milliseconds, monotonic; the addon passes `() => performance.now()`. */
  readonly clock: () => number;
  readonly preference?: DisplayPreference;
  /** Column widths; defaults to xterm.js's Unicode 11 table, which the page draws with. */
  readonly charWidth?: CharWidth;
  /** Overrides `EXPIRY_MIN_MS` (tests that must see every prediction answered, not expired, set it high). */
  readonly expiryMinMs?: number;
}

/** What one keystroke predicts for a cell. */
interface Layer {
  readonly content: PredictedContent;
  /** Shown only once this epoch is confirmed. */
  readonly epoch: number;
  /** The keystroke, and when it was typed. */
  readonly seq: number;
  readonly at: number;
  readonly typed: boolean;
  /** When the host was first seen to have drawn it, trusted or not: the end of its echo time. */
  drawnAt?: number;
}

/** What we expect in one cell, keystroke by keystroke, and what we have seen there. */
interface CellPrediction {
  readonly x: number;
  readonly y: number;
  /** Oldest first; the last is what the host should finally show. Never empty. */
  layers: Layer[];
  /** What the real cell showed before or between the predictions: seeing these means "not yet". */
  readonly history: ScreenCell[];
}

type Verdict = CellVerdict | 'unchecked';

const lastLayer = (cell: CellPrediction): Layer => cell.layers[cell.layers.length - 1]!;

/** Where we expect the cursor after keystroke `seq`. Every predicted keystroke has one. */
interface CursorPrediction {
  readonly pos: Position;
  readonly epoch: number;
  readonly seq: number;
  readonly at: number;
  /** The real cursor has been seen here (perhaps mid-redraw): not to blame if things go wrong later. */
  sighted: boolean;
}

interface SentKey {
  readonly seq: number;
  readonly at: number;
  readonly key: InputKey;
  readonly predicted: boolean;
  /** Output has arrived that could be its answer (not sooner than echoes lately take): the link is alive, so its answer is due. */
  heardSince: boolean;
}

/** Where input starts on its row, and the prompt before it, which must still be there for it to hold. */
interface InputStart {
  readonly pos: Position;
  readonly prompt: string;
}

/** The screen as our last confirmed predictions left it: the cursor and the text before it. */
interface Settled {
  readonly pos: Position;
  readonly left: string;
}

const cellKey = (x: number, y: number): string => `${x},${y}`;
const samePos = (a: Position, b: Position): boolean => a.x === b.x && a.y === b.y;
/** Earlier in reading order. */
const before = (a: Position, b: Position): boolean => a.y < b.y || (a.y === b.y && a.x < b.x);

/**
 * Predictive local echo, after mosh's `PredictionEngine`, for a byte stream instead of mosh's acknowledged
 * screen states. The addon calls, in this order of events:
 * - `keystrokes(data)` with each `onData` string before sending it;
 * - `output(data)` with each chunk from the host as it arrives, then `outputWritten()` in the terminal's
 *   `write` callback for it;
 * - `tick()` at `nextTickAt()`;
 * and after each call reads `overlay()` to draw and `echoLatency()` for the latency overlay.
 *
 * Predictions belong to epochs. A new epoch starts at Enter, at any key we do not predict, after a rollback and after output we did not expect; its predictions stay hidden until the host
 * confirms one of them by echoing it, so a prompt that does not echo never shows one. The exception is the
 * first key at a prompt the shell marked as its own (OSC 133, see `markedPrompt.ts`): a command line.
 */
export class Predictor {
  private readonly screen: ScreenView;
  private readonly clock: () => number;
  private readonly charWidth: CharWidth;
  private readonly expiryMinMs: number;
  private preference: DisplayPreference;

  private readonly cells = new Map<string, CellPrediction>();
  private cursors: CursorPrediction[] = [];
  /** Keystrokes of the current run the host has not answered yet, in order. */
  private sent: SentKey[] = [];
  /** The real cursor when the host had answered keystrokes up to `seq` and none after. */
  private base: { readonly pos: Position; readonly seq: number } | null = null;
  private lastSeq = 0;
  private predictionEpoch = 1;
  private confirmedEpoch = 0;
  /** Since when the screen has disagreed with the predictions, if it does. */
  private mismatchSince: number | null = null;
  private lastOutputAt = Number.NEGATIVE_INFINITY;
  /** A bell answered keystrokes up to this one. */
  private bellThrough = 0;
  /**
   * Until then, output may still answer keystrokes we lost track of (not predicted, or dropped in a
   * rollback), so it cannot confirm anything: the echo of a dropped "l" must not pass for a new "l".
   */
  private untrustedUntil = Number.NEGATIVE_INFINITY;
  /** What each keystroke lost track of adds to `untrustedUntil`, by seq: lifted when a rollback predicts it after all. */
  private untrustedBy = new Map<number, number>();
  private settled: Settled | null = null;
  /** The leftmost echo of a typed character on the current line: input starts there or before. */
  private inputStart: InputStart | null = null;
  /** Where the line's first keystroke was typed, for when no echo has taught us better. */
  private inputStartGuess: Position | null = null;
  /** The keystroke that began the current line (Enter, Ctrl-C): echoes of earlier ones teach nothing about it. */
  private lineBeganAt = 0;

  private triggers = INITIAL_TRIGGERS;
  private protection = INITIAL_PROTECTION;
  private echo = NO_ECHO_TIMES;
  private mispredictions = 0;
  private size: { readonly cols: number; readonly rows: number } | null = null;
  private readonly bells = new BellScanner();
  /**
   * Wide and combined characters show at once, at the terminal's widths: a host whose locale is not UTF-8
   * costs one misprediction, after which they wait for the host's word until it has echoed one as predicted.
   */
  private widthsTrusted = true;
  private readonly shellMarks = new ShellMarkScanner();
  /** Marks in chunks given to `output` and not yet written, oldest first: they count once the screen shows them. */
  private unwrittenMarks: ShellMark[][] = [];
  private prompt = UNMARKED_PROMPT;
  /** A marked prompt appeared and nothing is typed at it yet: its first key need not wait for an echo. */
  private freshMarkedPrompt = false;

  constructor(options: PredictorOptions) {
    this.screen = options.screen;
    this.clock = options.clock;
    this.charWidth = options.charWidth ?? terminalCharWidth;
    this.expiryMinMs = options.expiryMinMs ?? EXPIRY_MIN_MS;
    this.preference = options.preference ?? 'auto';
  }

  /** The user typed `data` (one `onData` string; `origin` if the page saw where it came from); call before sending it. */
  keystrokes(data: string, origin: InputOrigin = 'typed'): void {
    const now = this.clock();
    this.reconcile(now);
    if (this.screen.isAltScreen) return;
    for (const key of classifyInput(data, origin)) this.predictKey(key, now);
  }

  /** A chunk of host output arrived; call before writing it to the terminal. */
  output(data: string): void {
    const now = this.clock();
    this.lastOutputAt = now;
    // Output sooner after a key than its answer has lately taken (RFC 6298's four deviations below the
    // smoothed echo time) answers keys before it: it says nothing about whether this key's answer is late
    // (a host busy for a moment) or will never come.
    const { smoothed, deviation } = this.echo;
    const soonest = smoothed === undefined || deviation === undefined ? 0 : smoothed - 4 * deviation;
    for (const key of this.sent) if (now - key.at >= soonest) key.heardSince = true;
    if (this.bells.feed(data)) this.noteBell(now);
    this.unwrittenMarks.push(this.shellMarks.feed(data));
  }

  /** The terminal has written a chunk of output (call from `write`'s callback). */
  outputWritten(): void {
    for (const mark of this.unwrittenMarks.shift() ?? []) {
      this.prompt = afterShellMark(this.prompt, mark);
      this.freshMarkedPrompt = this.prompt.marked && (mark.kind === 'promptStart' || mark.kind === 'promptEnd');
    }
    this.reconcile(this.clock());
  }

  /** Time passed; call at `nextTickAt()`. */
  tick(): void {
    this.reconcile(this.clock());
  }

  /** When `tick()` is next needed (clock time), or undefined if nothing is waiting on time. */
  nextTickAt(): number | undefined {
    // Asked after every chunk of output: the clock is read, and the settle time worked out, once.
    const now = this.clock();
    const settleMs = this.settleMs();
    const times: number[] = [];
    if (this.mismatchSince !== null) {
      times.push(Math.min(this.lastOutputAt + QUIET_MS, this.mismatchSince + MISMATCH_PATIENCE_MS));
    }
    if (this.cursors.length > 0) {
      times.push(Math.min(...this.cursors.map((c) => c.at)) + this.expiryMs());
      const settleAt = this.cursors[this.cursors.length - 1]!.at + settleMs;
      if (settleAt > now) times.push(settleAt); // once past, only new output can settle it
      if (this.lastOutputAt + QUIET_MS > now) times.push(this.lastOutputAt + QUIET_MS);
      const visible = this.cursors.filter((c) => c.epoch <= this.confirmedEpoch);
      if (visible.length > 0) {
        const oldest = Math.min(...visible.map((c) => c.at));
        if (this.triggers.glitch < GLITCH_REPAIR_COUNT) times.push(oldest + GLITCH_MS);
        else if (this.triggers.glitch < GLITCH_REPAIR_COUNT * 2) times.push(oldest + GLITCH_UNDERLINE_MS);
      }
    }
    if (this.cursors.length > 0 && this.untrustedUntil > now) times.push(this.untrustedUntil);
    for (const key of this.sent) {
      if (key.at + settleMs > now) times.push(key.at + settleMs);
    }
    if (this.protection.kind === 'suspended') times.push(this.protection.until);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** What the tab's indicator says now (the same as `overlay().status`, without gathering the cells). */
  status(): PredictorStatus {
    return statusOf(this.preference, this.triggers, this.protection, this.screen.isAltScreen, this.echo.smoothed !== undefined);
  }

  /**
   * Whether any cell or cursor is predicted, shown or not. Without one, `overlay()` has nothing to draw, so a
   * caller that drew nothing last time need not ask it again (it runs on every chunk of output).
   */
  get hasPredictions(): boolean {
    return !this.idle();
  }

  /** Keys typed now go to a prompt the shell marked as its own (OSC 133): the line's first key shows at once. */
  get atMarkedPrompt(): boolean {
    return this.prompt.marked;
  }

  /** What to draw over the real screen now. */
  overlay(): PredictionOverlay {
    const status = this.status();
    if (!this.drawing()) return { display: false, cells: [], cursor: null, status };
    const underline = shouldUnderline(this.triggers);
    const cells: PredictedCell[] = [];
    for (const cell of this.cells.values()) {
      // A hidden later keystroke does not take back what an earlier, shown one drew.
      const shown = cell.layers.findLast((layer) => layer.epoch <= this.confirmedEpoch);
      if (shown === undefined || shown.content.kind === 'unknown') continue;
      const { chars, width, style } = shown.content.cell;
      if (width === 0) continue; // the right half of a wide character, drawn with its left half
      const real = this.screen.cellAt(cell.x, cell.y);
      const erasingNothing = isBlank(shown.content.cell) && real !== undefined && isBlank(real);
      cells.push({ x: cell.x, y: cell.y, chars, width, style, underline: underline && !erasingNothing });
    }
    cells.sort((a, b) => a.y - b.y || a.x - b.x);
    const shownCursors = this.cursors.filter((c) => c.epoch <= this.confirmedEpoch);
    const cursor = shownCursors.length > 0 ? shownCursors[shownCursors.length - 1]!.pos : null;
    return { display: true, cells, cursor, status };
  }

  /** Keystroke → echo times measured so far. */
  echoLatency(): EchoLatency {
    return {
      smoothedMs: this.echo.smoothed,
      deviationMs: this.echo.deviation,
      recentMs: this.echo.recent,
      sampleCount: this.echo.count,
      mispredictions: this.mispredictions,
    };
  }

  setPreference(preference: DisplayPreference): void {
    this.preference = preference;
  }

  /** Forget every prediction (the terminal was reset, resized or reconnected). */
  reset(): void {
    this.abandon();
    this.inputStart = null;
    this.inputStartGuess = null;
    this.prompt = UNMARKED_PROMPT;
    this.freshMarkedPrompt = false;
  }

  // ---- predicting ----

  private predictKey(key: InputKey, now: number): void {
    const seq = ++this.lastSeq;
    if (this.sent.length >= MAX_PENDING_KEYS) this.abandon();
    // A fresh marked prompt answers every line ended before it (it is marked only once none is outstanding): what
    // is still pending of those lines (the Enter's guess, which the prompt proved wrong a moment ago and a quiet
    // period would roll back) is over, so the first key typed at once need not wait for that rollback.
    if (this.freshMarkedPrompt && this.prompt.marked && !this.idle() && this.sent.every((k) => k.seq <= this.lineBeganAt)) {
      this.abandon([], []);
    }
    // The screen disagrees with what is pending (a prompt may just have appeared): show nothing new until
    // the host confirms it.
    if (this.mismatchSince !== null) this.becomeTentative();
    // Only with nothing else pending: keys typed before the prompt appeared stay hidden until confirmed.
    const atMarkedPrompt = this.freshMarkedPrompt && this.prompt.marked && this.idle() && this.mismatchSince === null;
    this.freshMarkedPrompt = false;
    if (this.idle()) this.startRun(seq);
    if (key.kind === 'enter' || (key.kind === 'other' && ['\x03', '\x04', '\x0c', '\n'].includes(key.raw))) {
      // A new line (Enter, Ctrl-C, Ctrl-D, Ctrl-L): its input start is learnt afresh from echoes on it.
      this.inputStart = null;
      this.inputStartGuess = null;
      this.lineBeganAt = seq;
      if (key.kind === 'enter' || key.raw !== '\x0c') this.prompt = afterLineEnded(this.prompt);
    }
    this.applyKey({ seq, at: now, key, predicted: false, heardSince: false }, atMarkedPrompt);
  }

  /**
   * Predicts one keystroke on top of what is already predicted, and remembers it as sent. The first key at a
   * prompt the shell marked shows at once: the line is a command line, not a password.
   */
  private applyKey(sent: SentKey, atMarkedPrompt = false): void {
    const { seq, at } = sent;
    if (seq > this.lineBeganAt) this.inputStartGuess ??= this.predictedCursor();
    const effect = effectOfKey(sent.key, this.predictedCursor(), this.believedScreen(), {
      charWidth: this.charWidth,
      widthsTrusted: this.widthsTrusted,
      inputStart: this.validInputStart(),
      lineEditor: this.prompt.marked,
    });
    if (effect.kind === 'unpredictable') {
      this.becomeTentative();
      const unpredicted = { ...sent, predicted: false };
      this.sent.push(unpredicted);
      this.loseTrackOf([unpredicted]);
      return;
    }
    if (effect.newEpoch) this.becomeTentative();
    for (const edit of effect.edits) {
      const real = this.screen.cellAt(edit.x, edit.y) ?? blankCell();
      const layer: Layer = { content: edit.content, epoch: this.predictionEpoch, seq, at, typed: edit.typed };
      const existing = this.cells.get(cellKey(edit.x, edit.y));
      if (existing === undefined) {
        this.cells.set(cellKey(edit.x, edit.y), { x: edit.x, y: edit.y, layers: [layer], history: [real] });
      } else {
        rememberSeen(existing.history, real);
        existing.layers.push(layer);
      }
    }
    if (effect.cursorNewEpoch) this.becomeTentative();
    if (atMarkedPrompt && !effect.newEpoch && !effect.cursorNewEpoch) {
      this.confirmedEpoch = Math.max(this.confirmedEpoch, this.predictionEpoch);
    }
    this.cursors.push({ pos: effect.cursor, epoch: this.predictionEpoch, seq, at, sighted: false });
    this.sent.push({ ...sent, predicted: true });
  }

  /** The first keystroke after everything was answered. */
  private startRun(seq: number): void {
    const real = this.realCursor();
    // Output we did not predict moved the cursor or changed the text before it (a password prompt after
    // typed-ahead text): whatever comes next must be confirmed before it shows.
    if (this.settled === null || !samePos(real, this.settled.pos) || this.leftText(real) !== this.settled.left) {
      this.becomeTentative();
    }
    this.settled = null;
    this.sent = [];
    this.bellThrough = 0;
    this.base = { pos: real, seq: seq - 1 };
  }

  private predictedCursor(): Position {
    const last = this.cursors[this.cursors.length - 1];
    return last?.pos ?? this.base?.pos ?? this.realCursor();
  }

  private believedScreen(): BelievedScreen {
    return {
      cols: this.screen.cols,
      rows: this.screen.rows,
      cellAt: (x, y) => {
        const predicted = this.cells.get(cellKey(x, y));
        if (predicted === undefined) return this.screen.cellAt(x, y) ?? blankCell();
        const { content } = lastLayer(predicted);
        return content.kind === 'unknown' ? null : content.cell;
      },
    };
  }

  /**
   * Where input starts, as far as we can tell: the leftmost echo of a typed character on the line, trusted
   * while the text before it is unchanged; else where the line's first keystroke was typed. Keys that would
   * go left of it are more likely to ring the bell than to be echoed.
   */
  private validInputStart(): Position | null {
    const start = this.inputStart;
    if (start !== null && this.rowText(start.pos.y, start.pos.x) === start.prompt) return start.pos;
    return this.inputStartGuess;
  }

  private becomeTentative(): void {
    this.predictionEpoch++;
  }

  // ---- checking ----

  private noteBell(now: number): void {
    // A bell answers the keys that reached the host before it rang: typed at least half an echo time ago. With
    // no echo time measured yet that says nothing (a key typed a moment ago, an Enter after a refused →, was taken
    // as answered before its own output came, and the next line's input start guessed on the old line).
    const echoMs = this.echo.smoothed;
    if (echoMs !== undefined) for (const key of this.sent) if (key.at <= now - echoMs / 2) this.bellThrough = Math.max(this.bellThrough, key.seq);
    // But the host answers in order, so a bell answers at least the oldest key still waiting, however soon
    // it came (a link faster than the echo times seen so far): left waiting, that key's prediction would
    // stay on screen until it expired.
    const oldest = this.sent[0];
    if (oldest !== undefined) this.bellThrough = Math.max(this.bellThrough, oldest.seq);
    // Its answer has come: a rollback must not predict it again.
    for (const key of this.sent) if (key.seq <= this.bellThrough) key.heardSince = true;
  }

  private reconcile(now: number): void {
    this.protection = protectionAt(this.protection, now);
    const { cols, rows } = this.screen;
    if (this.size === null || this.size.cols !== cols || this.size.rows !== rows) {
      if (this.size !== null) this.reset();
      this.size = { cols, rows };
    }
    if (this.screen.isAltScreen) {
      if (!this.idle()) this.abandon();
      this.settled = null;
    } else if (this.idle()) {
      this.mismatchSince = null;
    } else if (now - Math.min(...this.cursors.map((c) => c.at)) >= this.expiryMs()) {
      this.abandon();
    } else {
      const visible = this.cursors.filter((c) => c.epoch <= this.confirmedEpoch);
      if (visible.length > 0) {
        this.triggers = notePendingAge(this.triggers, now - Math.min(...visible.map((c) => c.at)));
      }
      this.judge(now);
    }
    this.triggers = followEchoTime(this.triggers, this.echo.smoothed, this.drawing() && this.hasVisiblePredictions());
  }

  private judge(now: number): void {
    const real = this.realCursor();
    const verdicts = new Map<CellPrediction, Verdict>();
    /** Layers the host has visibly drawn: their keystrokes' echoes. */
    const echoed: Layer[] = [];
    const trustEchoes = now >= this.untrustedUntil;
    for (const cell of this.cells.values()) {
      const shown = this.screen.cellAt(cell.x, cell.y);
      verdicts.set(cell, shown === undefined ? 'wrong' : this.judgeLayers(cell, shown, real, trustEchoes, echoed, now));
    }

    // The host answers keystrokes in order: an echo of keystroke n answers every one before it. Time answers
    // them too, once output is quiet: a key typed longer ago than the echo takes has been answered if the
    // host has said anything since (a stalled link says nothing, and its predictions wait); a key we did not
    // predict, whatever the host said, and what it did we cannot check.
    const quiet = now - this.lastOutputAt >= QUIET_MS;
    const timedOut = quiet
      ? Math.max(
          0,
          ...this.sent
            .filter((k) => now - k.at >= this.settleMs() && (!k.predicted || k.heardSince))
            .map((k) => k.seq),
        )
      : 0;
    let answered = Math.max(this.bellThrough, timedOut, ...echoed.map((layer) => layer.seq));
    let matched = this.cursorMatch(real, answered, verdicts, now);
    if (matched === undefined && timedOut > 0 && this.cursors.every((c) => c.seq < timedOut)) {
      matched = timedOut; // the last key answered was one we did not predict: its cursor is whatever it is
    }
    if (matched !== undefined) for (const c of this.cursors) if (c.seq <= matched) c.sighted = true;
    // The cursor alone answers a keystroke (an arrow, a Backspace) only once output is quiet: halfway
    // through a redraw it can pass the very spot a later keystroke will put it.
    if (matched !== undefined && (matched <= answered || quiet)) {
      answered = Math.max(answered, matched);
    }

    const wrong = [...verdicts]
      .filter(([cell, v]) => v === 'wrong' || (v === 'pending' && lastLayer(cell).seq <= answered))
      .map(([cell]) => cell);
    if (wrong.length > 0 || matched === undefined) {
      this.mismatchSince ??= now;
      if (now - this.lastOutputAt >= QUIET_MS || now - this.mismatchSince >= MISMATCH_PATIENCE_MS) {
        if (wrong.some((cell) => cell.layers.some((layer) => layer.typed && isWideOrCombined(layer.content)))) {
          this.widthsTrusted = false;
        }
        this.rollBack(now, this.blameIsVisible(wrong, matched === undefined, answered));
      }
      return;
    }
    this.mismatchSince = null;
    this.applyAnswers(answered, echoed, real, now);
  }

  /**
   * The verdict on a cell's final prediction; and when the host has drawn an earlier keystroke's prediction
   * instead (a, Backspace: the a has arrived), that layer goes to `echoed` as its keystroke's echo. A match
   * is only `alreadyTrue` while echoes cannot be trusted, and for a typed character the host's cursor has
   * not yet passed: fish draws its suggestion after the cursor, and it may spell what the user types next.
   */
  private judgeLayers(
    cell: CellPrediction,
    shown: ScreenCell,
    realCursor: Position,
    trust: boolean,
    echoed: Layer[],
    now: number,
  ): Verdict {
    const seen = [...cell.history];
    for (const layer of cell.layers) {
      // A soft layer is not checked, but the cell may well show it until later keystrokes arrive (fish
      // clears the suggestion a typed character left before it draws the next one).
      if (layer.content.kind === 'soft') seen.push(layer.content.cell);
      if (layer.content.kind !== 'known') continue;
      let verdict = judgeCell(layer.content.cell, seen, shown);
      if (verdict === 'confirmed' && layer.typed && !this.typedAndPassed(cell, layer, realCursor)) {
        verdict = 'alreadyTrue';
      }
      if (verdict !== 'alreadyTrue' && isBlank(layer.content.cell) && isSuggested(cell, shown, realCursor)) {
        verdict = 'alreadyTrue'; // we expected the end of the line; fish suggests how it might go on
      }
      if (verdict === 'wrong' && layer.typed && (isSuggested(cell, shown, realCursor) || suggestionErased(cell, shown, realCursor))) {
        // The host has not reached the cell yet and suggests something there meanwhile (fish draws a new
        // suggestion after each key), or has erased the suggestion that was there (fish drops one while a
        // character typed along it is on its way): still on its way; wrong only if still missing once answered.
        verdict = 'pending';
      }
      if (verdict === 'confirmed') {
        layer.drawnAt ??= now;
        if (trust) echoed.push(layer);
        else verdict = 'alreadyTrue';
      }
      if (layer === lastLayer(cell)) return verdict;
      seen.push(layer.content.cell);
    }
    return 'unchecked';
  }

  /** The host's cursor is past a typed character, or where a keystroke since then put it (← after typing). */
  private typedAndPassed(cell: CellPrediction, layer: Layer, realCursor: Position): boolean {
    if (before(cell, realCursor)) return true;
    return this.cursors.some((c) => c.seq >= layer.seq && samePos(c.pos, realCursor));
  }

  /**
   * The keystroke whose predicted cursor the real cursor is at: the earliest one not yet known to be
   * answered, since the same spot recurs (a, Backspace, a); or the last one, when the whole screen looks as
   * predicted and either its echo arrived or the host has had time to answer everything.
   */
  private cursorMatch(
    real: Position,
    answered: number,
    verdicts: ReadonlyMap<CellPrediction, Verdict>,
    now: number,
  ): number | undefined {
    const last = this.cursors[this.cursors.length - 1];
    const lastSent = this.sent[this.sent.length - 1];
    if (
      last !== undefined &&
      lastSent?.seq === last.seq &&
      samePos(real, last.pos) &&
      [...verdicts.values()].every((v) => v !== 'pending' && v !== 'wrong') &&
      (answered >= last.seq || now - last.at >= this.settleMs())
    ) {
      return last.seq;
    }
    if (this.base !== null && this.base.seq >= answered && samePos(real, this.base.pos)) return this.base.seq;
    return this.cursors.find((c) => c.seq >= answered && samePos(real, c.pos))?.seq;
  }

  /**
   * Whether the user saw a prediction the host then did not bear out. When anything typed after it is
   * hidden or was not predicted at all, that later keystroke may be what the host's screen shows instead:
   * not counted, since self-protection should react to clear mispredictions, not to ambiguity.
   */
  private blameIsVisible(wrongCells: readonly CellPrediction[], cursorWrong: boolean, answered: number): boolean {
    if (!this.drawing()) return false;
    // A key we did not predict can change anything; what it changes is not a misprediction.
    if (this.sent.some((key) => !key.predicted)) return false;
    const shown = (epoch: number): boolean => epoch <= this.confirmedEpoch;
    const hiddenAfter = (seq: number): boolean => this.cursors.some((c) => c.seq > seq && !shown(c.epoch));
    if (wrongCells.some((cell) => shown(lastLayer(cell).epoch) && !hiddenAfter(lastLayer(cell).seq))) return true;
    if (!cursorWrong) return false;
    const culprit =
      this.cursors.find((c) => c.seq > answered && !c.sighted) ?? this.cursors.findLast((c) => !c.sighted);
    return culprit !== undefined && shown(culprit.epoch) && !hiddenAfter(culprit.seq);
  }

  private applyAnswers(answered: number, echoed: readonly Layer[], real: Position, now: number): void {
    const sampled = new Set<number>();
    for (const layer of echoed) {
      this.confirmedEpoch = Math.max(this.confirmedEpoch, layer.epoch);
      if (isWideOrCombined(layer.content)) this.widthsTrusted = true;
      if (sampled.has(layer.seq)) continue;
      sampled.add(layer.seq);
      const echoMs = (layer.drawnAt ?? now) - layer.at;
      this.echo = addEchoSample(this.echo, echoMs);
      this.triggers = noteConfirmation(this.triggers, echoMs, now);
    }
    let firstTyped: Position | undefined;
    for (const cell of this.cells.values()) {
      const typedEcho = cell.layers.some((l) => l.typed && l.seq > this.lineBeganAt && echoed.includes(l));
      if (typedEcho && (firstTyped === undefined || before(cell, firstTyped))) firstTyped = { x: cell.x, y: cell.y };
      // Answered layers are past: what they drew (or, soft ones, may have drawn) is now something the cell showed.
      for (const layer of cell.layers) {
        if (layer.seq <= answered && layer.content.kind !== 'unknown') rememberSeen(cell.history, layer.content.cell);
      }
      cell.layers = cell.layers.filter((layer) => layer.seq > answered);
      if (cell.layers.length === 0) this.cells.delete(cellKey(cell.x, cell.y));
    }
    const known = this.inputStart?.pos;
    if (firstTyped !== undefined && (known === undefined || before(firstTyped, known))) {
      this.inputStart = { pos: firstTyped, prompt: this.rowText(firstTyped.y, firstTyped.x) };
    }
    // Where the last answered keystroke leaves the cursor: as predicted, since an echo can confirm it while
    // the host is still halfway through its redraw (the text written, the cursor not yet moved back).
    const answeredCursor = this.cursors.find((c) => c.seq === answered)?.pos ?? real;
    this.cursors = this.cursors.filter((c) => c.seq > answered);
    this.sent = this.sent.filter((key) => key.seq > answered);
    if (this.idle()) {
      this.base = null;
      this.settled = { pos: answeredCursor, left: this.leftText(answeredCursor) };
    } else if (this.base === null || answered > this.base.seq) {
      this.base = { pos: answeredCursor, seq: answered };
    }
  }

  private rollBack(now: number, visible: boolean): void {
    if (visible) {
      this.mispredictions++;
      this.protection = noteMisprediction(this.protection, now);
    }
    // What went wrong is usually where things stood, not the keystrokes since (a prompt longer than
    // predicted after Enter): those the host has not seen yet are predicted again on the screen as it now
    // is, hidden until an echo confirms them, so typing on after Enter is not lost. A key's answer comes
    // about one echo time after it: output sooner after it than most of that did not answer it. Past a key
    // whose effect we cannot know, there is no saying where they land: those are dropped, and their answers,
    // still to come, are not to be taken for echoes of what is typed next.
    // Keys typed less than an echo time before the last output, but not so recently as to be surely
    // unanswered, are in doubt: their answers may be on their way, so nothing is confirmed until they
    // would have arrived. (With repeated letters, the echo of a dropped "a" looks just like a new one.)
    const echoMs = this.echo.smoothed;
    const unseen = this.sent.filter(
      (k) => !k.heardSince || (echoMs !== undefined && k.at > this.lastOutputAt - REPLAY_ECHO_SHARE * echoMs),
    );
    // Before any echo time is measured, output soon after a key (a paste's echo) may well not be its answer.
    const doubtMs = echoMs ?? SETTLE_UNMEASURED_MS;
    const doubtful = this.sent.filter((k) => !unseen.includes(k) && k.at > this.lastOutputAt - doubtMs);
    const replayable = unseen.every((k) => k.key.kind !== 'other' && k.key.kind !== 'paste');
    if (replayable) {
      this.abandon(unseen, doubtful);
    } else {
      this.abandon([], [...unseen, ...doubtful]);
    }
  }

  /** Keystrokes whose answers we can no longer tell apart from those to later ones. */
  private loseTrackOf(keys: readonly SentKey[]): void {
    const now = this.clock();
    for (const [seq, until] of this.untrustedBy) if (until <= now) this.untrustedBy.delete(seq);
    for (const key of keys) {
      const until = key.at + this.settleMs();
      this.untrustedBy.set(key.seq, Math.max(this.untrustedBy.get(key.seq) ?? until, until));
      this.untrustedUntil = Math.max(this.untrustedUntil, until);
    }
  }

  /**
   * Drop every prediction; what comes next starts a new epoch. `replay` are predicted afresh; answers to
   * `untracked` (by default all dropped) may still arrive.
   */
  private abandon(replay: readonly SentKey[] = [], untracked: readonly SentKey[] = this.sent): void {
    this.loseTrackOf(untracked);
    this.cells.clear();
    this.cursors = [];
    this.sent = [];
    this.base = null;
    this.bellThrough = 0;
    this.mismatchSince = null;
    this.settled = null;
    // Where the line's first key went was judged on the screen we are giving up on.
    this.inputStartGuess = null;
    this.becomeTentative();
    const [first] = replay;
    if (first === undefined) return;
    this.base = { pos: this.realCursor(), seq: first.seq - 1 };
    for (const key of replay) this.applyKey(key);
    // A key typed while the screen disagreed was tried where the old guess put the cursor (the row under a
    // prompt that had just appeared, holding the command's wide output) and lost track of there; predicted
    // now, its echo is told apart again, so it no longer holds back the line's first echoes for a settle time.
    let lifted = false;
    for (const key of this.sent) if (key.predicted && this.untrustedBy.delete(key.seq)) lifted = true;
    if (lifted) this.untrustedUntil = Math.max(Number.NEGATIVE_INFINITY, ...this.untrustedBy.values());
  }

  // ---- reading the screen ----

  private idle(): boolean {
    return this.cells.size === 0 && this.cursors.length === 0;
  }

  private drawing(): boolean {
    return (
      shouldDraw(this.preference, this.triggers) && this.protection.kind === 'active' && !this.screen.isAltScreen
    );
  }

  private hasVisiblePredictions(): boolean {
    return (
      this.cursors.some((c) => c.epoch <= this.confirmedEpoch) ||
      [...this.cells.values()].some((cell) => cell.layers.some((layer) => layer.epoch <= this.confirmedEpoch))
    );
  }

  private expiryMs(): number {
    return Math.max(this.expiryMinMs, EXPIRY_ECHO_TIMES * (this.echo.smoothed ?? 0));
  }

  private settleMs(): number {
    const { smoothed, deviation } = this.echo;
    if (smoothed === undefined || deviation === undefined) return SETTLE_UNMEASURED_MS;
    return smoothed + Math.max(SETTLE_MARGIN_MS, smoothed / 2, 4 * deviation);
  }

  /** The real cursor; a pending wrap at the right margin counts as the start of the next row. */
  private realCursor(): Position {
    const { cursorX: x, cursorY: y, cols, rows } = this.screen;
    return x >= cols && y + 1 < rows ? { x: 0, y: y + 1 } : { x, y };
  }

  /** The characters of row y before column `end`, blanks as spaces. */
  private rowText(y: number, end: number): string {
    let text = '';
    for (let x = 0; x < end; x++) {
      const cell = this.screen.cellAt(x, y);
      text += cell === undefined || isBlank(cell) ? ' ' : cell.chars;
    }
    return text;
  }

  private leftText(pos: Position): string {
    return this.rowText(pos.y, Math.min(pos.x, this.screen.cols));
  }
}

/** A character in a colour after the cursor, on its row: an autosuggestion, not text. */
function isSuggested(at: Position, shown: ScreenCell, realCursor: Position): boolean {
  return at.y === realCursor.y && at.x >= realCursor.x && !isBlank(shown) && !sameStyle(shown.style, DEFAULT_STYLE);
}

/** A blank after the cursor, on its row, where a suggestion showed when the cell was predicted: the host erased it. */
function suggestionErased(cell: CellPrediction, shown: ScreenCell, realCursor: Position): boolean {
  return (
    cell.y === realCursor.y &&
    cell.x >= realCursor.x &&
    isBlank(shown) &&
    cell.history.some((seen) => !isBlank(seen) && !sameStyle(seen.style, DEFAULT_STYLE))
  );
}

function isWideOrCombined(content: PredictedContent): boolean {
  return content.kind === 'known' && (content.cell.width === 2 || [...content.cell.chars].length > 1);
}

function rememberSeen(history: ScreenCell[], cell: ScreenCell): void {
  if (!history.some((seen) => sameCell(seen, cell))) history.push(cell);
}
