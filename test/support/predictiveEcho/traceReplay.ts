// Test-only: replays a recorded shell session through the Predictor and a headless xterm over a steady round trip, and judges what the user saw.
import type { Terminal } from '@xterm/headless';
import { expect } from 'vitest';
import { classifyInput } from '../../../client/predictiveEcho/keys.js';
import { MISPREDICTION_LIMIT } from '../../../client/predictiveEcho/policy.js';
import { Predictor } from '../../../client/predictiveEcho/predictor.js';
import { drawScreen, headlessTerminal } from './harness.js';
import { StyleFlag, type PredictionOverlay, type Position, type ScreenView } from '../../../client/predictiveEcho/types.js';
import { xtermScreenView } from '../../../client/predictiveEcho/xtermScreenView.js';

// Not part of the page: it imports @xterm/headless (a devDependency). The live test
// (test/integration/predictiveEchoShells.test.ts) records sessions and replays them here; traces.test.ts
// replays the recordings kept in ./traces.

export const TRACE_COLS = 50;
export const TRACE_ROWS = 14;
export const RTT_MS = 250;
/** The invariant is checked wherever the typist paused this long after its last key … */
export const CHECK_AFTER_KEY_MS = 800;
/** … and the host's output had been quiet (at the client) this long. */
export const CHECK_AFTER_OUTPUT_MS = 200;
/**
 * Mispredictions the user may see per session. Self-protection suspends drawing for 30 s at
 * MISPREDICTION_LIMIT (3) within 10 s; a shell that reaches that on a short ordinary session over a steady
 * link would lose prediction for its users, so each shell must stay below it. On a steady link the causes
 * left are shell behaviours the predictor does not model (dash's tty echoing ← as `^[[D` costs one) and
 * the odd stall of a loaded test machine, which looks like jitter.
 */
export const MAX_MISPREDICTIONS = MISPREDICTION_LIMIT - 1;

export type ShellName = 'bash' | 'zsh' | 'dash' | 'fish';

export interface RecordedEvent {
  /** ms since the session began. */
  readonly at: number;
  /** A mark notes what the typist is pausing at (its data), so checks made then can say where they were. */
  readonly kind: 'key' | 'output' | 'mark';
  readonly data: string;
  /** A key typed at a prompt that does not echo. */
  readonly secret: boolean;
}

export interface Recording {
  readonly events: readonly RecordedEvent[];
  /** The text the typist put on the long line (after `echo `): what the shell must print back. */
  readonly longText: string;
}

/** A recording as kept in ./traces: one event per line, so a re-recording diffs readably. */
export function serialiseRecording(recording: Recording): string {
  const events = recording.events.map((e) => `  ${JSON.stringify({ at: e.at, kind: e.kind, data: e.data, secret: e.secret })}`);
  return `{"longText":${JSON.stringify(recording.longText)},"events":[\n${events.join(',\n')}\n]}\n`;
}

export function parseRecording(text: string): Recording {
  const parsed = JSON.parse(text) as Recording;
  if (typeof parsed.longText !== 'string' || !Array.isArray(parsed.events)) throw new Error('not a recording');
  return parsed;
}

// ---- what the user sees ----

/** A cell as the user sees it: characters and every attribute, underline included. */
interface Look {
  readonly chars: string;
  readonly width: number;
  readonly fg: string;
  readonly bg: string;
  readonly flags: number;
}

const sameLook = (a: Look, b: Look): boolean =>
  a.chars === b.chars && a.width === b.width && a.fg === b.fg && a.bg === b.bg && a.flags === b.flags;

/** An empty cell and a space look the same; the right half of a wide character is neither. */
const shownChars = (chars: string, width: number): string => (chars === '' && width === 1 ? ' ' : chars);

function realScreen(view: ScreenView): Look[][] {
  const rows: Look[][] = [];
  for (let y = 0; y < view.rows; y++) {
    const row: Look[] = [];
    for (let x = 0; x < view.cols; x++) {
      const cell = view.cellAt(x, y)!;
      const { style } = cell;
      row.push({
        chars: shownChars(cell.chars, cell.width),
        width: cell.width,
        fg: `${style.fgMode}:${style.fg}`,
        bg: `${style.bgMode}:${style.bg}`,
        flags: style.flags,
      });
    }
    rows.push(row);
  }
  return rows;
}

/** What the user sees: the real screen with the overlay drawn over it, as the addon draws it. */
function seenScreen(view: ScreenView, overlay: PredictionOverlay): { cells: Look[][]; cursor: Position } {
  const cells = realScreen(view);
  const realCursor = { x: view.cursorX, y: view.cursorY };
  if (!overlay.display) return { cells, cursor: realCursor };
  for (const cell of overlay.cells) {
    const { style } = cell;
    const look = {
      fg: `${style.fgMode}:${style.fg}`,
      bg: `${style.bgMode}:${style.bg}`,
      flags: style.flags | (cell.underline ? StyleFlag.underline : 0),
    };
    cells[cell.y]![cell.x] = { chars: shownChars(cell.chars, cell.width), width: cell.width, ...look };
    if (cell.width === 2 && cell.x + 1 < view.cols) cells[cell.y]![cell.x + 1] = { chars: '', width: 0, ...look };
  }
  return { cells, cursor: overlay.cursor ?? realCursor };
}

/** Where what the user sees differs from the real screen, cell by cell; empty when they are the same. */
export function differences(view: ScreenView, overlay: PredictionOverlay): string[] {
  const real = realScreen(view);
  const seen = seenScreen(view, overlay);
  const found: string[] = [];
  for (let y = 0; y < view.rows; y++) {
    for (let x = 0; x < view.cols; x++) {
      const a = seen.cells[y]![x]!;
      const b = real[y]![x]!;
      if (!sameLook(a, b)) found.push(`(${x},${y}) seen ${JSON.stringify(a)}, real ${JSON.stringify(b)}`);
    }
  }
  if (seen.cursor.x !== view.cursorX || seen.cursor.y !== view.cursorY) {
    found.push(`cursor seen at (${seen.cursor.x},${seen.cursor.y}), real (${view.cursorX},${view.cursorY})`);
  }
  return found;
}

// ---- the replay ----

/** The screen as text (see `drawScreen`) at a mark: as the typist paused, and once the host had answered. */
export interface MarkedScreens {
  /** What the user saw the moment the typist paused: the real screen so far with the predictions over it. */
  readonly paused: string;
  /** What the user saw at the quiet checkpoint that followed (undefined if none did before the next key). */
  readonly quiet: string | undefined;
}

/** One moment of the replay, handed to `ReplayOptions.watch` after each event. */
export interface ReplayMoment {
  readonly event: RecordedEvent;
  /** Client time, ms: for output, the time it arrived (host time + RTT). */
  readonly now: number;
  /** What the user sees (predictions drawn over the real screen) and the real screen, as `drawScreen` text. */
  readonly seen: string;
  readonly real: string;
}

export interface ReplayOptions {
  readonly rttMs?: number;
  readonly watch?: (moment: ReplayMoment) => void;
}

export interface Figures {
  /**
   * Printable keystrokes typed at echoing prompts (an input method's commit counts as one), and how many of
   * them were drawn the moment they were typed.
   */
  readonly typed: number;
  readonly shownAtOnce: number;
  /** The same for keystrokes with wide or combined characters (日, 👋🏽, a combining accent), … */
  readonly wideTyped: number;
  readonly wideShownAtOnce: number;
  /** … and among those, the ones typed once a prediction on their line had shown (its first echo confirmed). */
  readonly wideTypedAfterEcho: number;
  readonly wideShownAfterEcho: number;
  /** The same for keys of Japanese text only (kanji, kana, an input method's commit of them). */
  readonly japaneseTypedAfterEcho: number;
  readonly japaneseShownAfterEcho: number;
  /** Mispredictions the predictor counted (shown to the user, then rolled back). */
  readonly mispredictions: number;
  /** Independently: moments a drawn prediction vanished and the real screen showed other characters there. */
  readonly corrections: string[];
  /** Quiet moments at which the invariant was checked, the marks (typist's pauses) among them, and where it failed. */
  readonly checkpoints: number;
  readonly midLineCheckpoints: string[];
  readonly invariantFailures: string[];
  /** Keys typed at password prompts, and any moment something was drawn meanwhile. */
  readonly secretKeys: number;
  readonly secretLeaks: string[];
  readonly smoothedEchoMs: number | undefined;
  /** The whole session's screen at the end, wrapped rows joined, for checking what the shell did. */
  readonly lines: string[];
  /** The screens at each mark, by its label. */
  readonly screens: ReadonlyMap<string, MarkedScreens>;
}

/** Kanji, kana and CJK punctuation only. */
const JAPANESE_TEXT = /^[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+$/;

const cellId = (x: number, y: number): string => `${x},${y}`;

const writeTo = (terminal: Terminal, data: string): Promise<void> => new Promise((resolve) => terminal.write(data, resolve));

/**
 * Replays `recording` as a client `rttMs` away sees it: keys at their times, each output chunk `rttMs` after
 * the host wrote it (the recording is made over loopback), driving the Predictor and a headless xterm with
 * an injected clock; the invariant is checked wherever the typist paused and the output was quiet.
 */
export async function replay(recording: Recording, options: ReplayOptions = {}): Promise<Figures> {
  const rttMs = options.rttMs ?? RTT_MS;
  const terminal = headlessTerminal(TRACE_COLS, TRACE_ROWS, 1_000);
  const view = xtermScreenView(terminal);
  let now = 0;
  const predictor = new Predictor({ screen: view, clock: () => now, preference: 'auto' });

  const events = [
    ...recording.events.filter((e) => e.kind !== 'output'),
    ...recording.events.filter((e) => e.kind === 'output').map((e) => ({ ...e, at: e.at + rttMs })),
  ].sort((a, b) => a.at - b.at);

  let typed = 0;
  let shownAtOnce = 0;
  let wideTyped = 0;
  let wideShownAtOnce = 0;
  let wideTypedAfterEcho = 0;
  let wideShownAfterEcho = 0;
  let japaneseTypedAfterEcho = 0;
  let japaneseShownAfterEcho = 0;
  /** A prediction has shown on the current line (Enter and Ctrl-C begin a line): its epoch was confirmed. */
  let lineEchoed = false;
  let secretKeys = 0;
  let checkpoints = 0;
  const midLineCheckpoints: string[] = [];
  const screens = new Map<string, MarkedScreens>();
  let pausedAt = '';
  const corrections: string[] = [];
  const invariantFailures: string[] = [];
  const secretLeaks: string[] = [];
  let inSecret = false;
  let lastKeyAt = Number.NEGATIVE_INFINITY;
  let lastOutputAt = Number.NEGATIVE_INFINITY;
  let checkedSinceLastEvent = false;
  let drawn = new Map<string, { chars: string; width: number }>();
  let drawnCursor: Position | null = null;

  /**
   * After every call into the predictor: whether something drawn vanished to show something else (a
   * correction the user saw), and whether anything shows while a password is typed.
   */
  const observe = (what: string): void => {
    const overlay = predictor.overlay();
    const next = new Map<string, { chars: string; width: number }>();
    if (overlay.display) for (const c of overlay.cells) next.set(cellId(c.x, c.y), { chars: c.chars, width: c.width });
    const wrong: string[] = [];
    for (const [id, cell] of drawn) {
      if (next.has(id)) continue;
      const [x, y] = id.split(',').map(Number) as [number, number];
      const real = view.cellAt(x, y)!;
      const expected = shownChars(cell.chars, cell.width);
      const actual = shownChars(real.chars, real.width);
      if (actual === expected) continue;
      // Text the host drew after its cursor where a blank was drawn is something it added after the line,
      // such as fish's autosuggestion for what was just typed: nobody predicts that, and it is no correction.
      const afterCursor = y === view.cursorY && x >= view.cursorX;
      if (expected === ' ' && afterCursor) continue;
      wrong.push(`(${id}) ${JSON.stringify(cell.chars)}→${JSON.stringify(real.chars)}`);
    }
    const cursor = overlay.display ? overlay.cursor : null;
    if (drawnCursor !== null && cursor === null && (drawnCursor.x !== view.cursorX || drawnCursor.y !== view.cursorY)) {
      wrong.push(`cursor (${drawnCursor.x},${drawnCursor.y})→(${view.cursorX},${view.cursorY})`);
    }
    if (wrong.length > 0) corrections.push(`${now.toFixed(0)} ms after ${what}: ${wrong.join(' ')}\n${drawScreen(view)}`);
    drawn = next;
    drawnCursor = cursor;
    if (next.size > 0) lineEchoed = true;
    if (inSecret && overlay.display && (overlay.cells.length > 0 || overlay.cursor !== null)) {
      secretLeaks.push(`${now.toFixed(0)} ms after ${what}: ${JSON.stringify(overlay)}\n${drawScreen(view, overlay)}`);
    }
  };

  /** Lets time pass to `until`, firing the predictor's timer whenever it asked; checks the invariant when quiet. */
  const advanceTo = (until: number): void => {
    for (let guard = 0; ; guard++) {
      if (guard > 10_000) throw new Error(`nextTickAt() keeps asking for ticks at ${now} ms`);
      const due = predictor.nextTickAt();
      if (due === undefined || due > until) break;
      now = Math.max(now, due);
      predictor.tick();
      observe('a tick');
    }
    now = until;
    if (!checkedSinceLastEvent && now - lastKeyAt >= CHECK_AFTER_KEY_MS && now - lastOutputAt >= CHECK_AFTER_OUTPUT_MS) {
      checkedSinceLastEvent = true;
      checkpoints++;
      const overlay = predictor.overlay();
      if (pausedAt !== '') {
        // A shell may still write while the typist pauses (fish repaints a line when its highlighting or
        // autosuggestion comes in late), and the quiet after that is checked too: the pause is listed once.
        if (!midLineCheckpoints.includes(pausedAt)) midLineCheckpoints.push(pausedAt);
        const marked = screens.get(pausedAt);
        if (marked && marked.quiet === undefined) screens.set(pausedAt, { ...marked, quiet: drawScreen(view, overlay) });
      }
      const found = differences(view, overlay);
      if (found.length > 0) {
        invariantFailures.push(
          `${now.toFixed(0)} ms: ${found.slice(0, 4).join('; ')}\n--- seen\n${drawScreen(view, overlay)}\n--- real\n${drawScreen(view)}`,
        );
      }
    }
  };

  for (const event of events) {
    advanceTo(event.at);
    if (event.kind === 'mark') {
      pausedAt = event.data;
      if (screens.has(event.data)) throw new Error(`two marks called ${JSON.stringify(event.data)}`);
      screens.set(event.data, { paused: drawScreen(view, predictor.overlay()), quiet: undefined });
    } else if (event.kind === 'key') {
      checkedSinceLastEvent = false;
      pausedAt = '';
      lastKeyAt = event.at;
      inSecret = event.secret;
      if (event.secret) secretKeys++;
      const before = new Set(predictor.overlay().cells.map((c) => `${cellId(c.x, c.y)}:${c.chars}`));
      predictor.keystrokes(event.data);
      const keys = classifyInput(event.data);
      const printable = keys.length === 1 && keys[0]!.kind === 'char';
      if (printable && !event.secret) {
        typed++;
        const first = String.fromCodePoint(event.data.codePointAt(0)!);
        const overlay = predictor.overlay();
        const appeared =
          overlay.display && overlay.cells.some((c) => c.chars.includes(first) && !before.has(`${cellId(c.x, c.y)}:${c.chars}`));
        if (appeared) shownAtOnce++;
        if (/[^\x20-\x7e]/.test(event.data)) {
          wideTyped++;
          if (appeared) wideShownAtOnce++;
          if (lineEchoed) wideTypedAfterEcho++;
          if (lineEchoed && appeared) wideShownAfterEcho++;
        }
        if (JAPANESE_TEXT.test(event.data) && lineEchoed) {
          japaneseTypedAfterEcho++;
          if (appeared) japaneseShownAfterEcho++;
        }
      }
      if (event.data === '\r' || event.data === '\x03') lineEchoed = false;
      observe(`key ${JSON.stringify(event.data)}`);
    } else {
      checkedSinceLastEvent = false;
      lastOutputAt = event.at;
      predictor.output(event.data);
      await writeTo(terminal, event.data);
      predictor.outputWritten();
      observe(`output ${JSON.stringify(event.data).slice(0, 60)}`);
    }
    options.watch?.({ event, now, seen: drawScreen(view, predictor.overlay()), real: drawScreen(view) });
  }
  advanceTo(now + 3_000);

  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y)!;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  terminal.dispose();
  return {
    typed,
    shownAtOnce,
    wideTyped,
    wideShownAtOnce,
    wideTypedAfterEcho,
    wideShownAfterEcho,
    japaneseTypedAfterEcho,
    japaneseShownAfterEcho,
    mispredictions: predictor.echoLatency().mispredictions,
    corrections,
    checkpoints,
    midLineCheckpoints,
    invariantFailures,
    secretKeys,
    secretLeaks,
    smoothedEchoMs: predictor.echoLatency().smoothedMs,
    lines: lines.map((l) => l.trim()),
    screens,
  };
}

// ---- what the scripted session must show ----

/** The marks the typist's script leaves, in order (see `typeSession` in the live test). */
export const SESSION_MARKS = [
  'mid-line after ←',
  'the long line wrapped',
  'after Backspace across the wrap',
  'password typed',
  'after the mistyped command',
  'after the paste',
  'after Ctrl-C',
] as const;

/** Keys typed at the two password prompts: `hunter2 ok`, Enter, `s3cr3t7`, Enter. */
export const SESSION_SECRET_KEYS = 19;

/** The text the typist pastes (one `onData` string) after `echo `. */
export const PASTED_TEXT = 'pasted in one go';

/** What each shell says to `ecoh hi`. */
const NOT_FOUND: Record<ShellName, RegExp> = {
  bash: /^bash: ecoh: command not found$/,
  zsh: /^zsh: command not found: ecoh$/,
  dash: /^dash: \d+: ecoh: not found$/,
  fish: /^fish: Unknown command: ecoh$/,
};

/**
 * The checks every replay of the scripted session must pass, live or from a fixture: the keys did what the
 * script meant, the screen the user saw was the real one whenever output was quiet, nothing was drawn at
 * password prompts, and mispredictions stayed within MAX_MISPREDICTIONS.
 */
export function expectSessionHeld(shell: ShellName, recording: Recording, figures: Figures): void {
  // The keys did what the script meant: otherwise the checks below would be about some other session.
  const expected = [
    'hello world',
    shell === 'dash' ? 'wold  again' : 'world again', // dash's tty echoes ←/→; echo then moves the cursor
    recording.longText,
    'got 10 characters',
    'got 7 characters',
    PASTED_TEXT,
    'done',
  ];
  for (const line of expected) expect(figures.lines, `${shell} printed ${JSON.stringify(line)}`).toContain(line);
  expect(figures.lines.filter((line) => NOT_FOUND[shell].test(line)), `${shell} said ecoh is not found`).toHaveLength(1);
  expect(figures.lines).not.toContain('never mind');

  // (1) Whenever output was quiet, what the user saw was the real screen, cell by cell, attributes too;
  // (3) that includes every pause the script marks (mid-line after ←, on the wrapped line, after Backspace
  // back across it, …), and (above) the shell got the line the keys meant.
  expect(figures.checkpoints).toBeGreaterThanOrEqual(12);
  expect(figures.midLineCheckpoints).toEqual(SESSION_MARKS);
  expect(figures.invariantFailures).toEqual([]);

  // (2) Nothing is ever drawn while typing a password; and prediction was on, or that would prove nothing.
  expect(figures.secretKeys).toBe(SESSION_SECRET_KEYS);
  expect(figures.secretLeaks).toEqual([]);
  expect(figures.shownAtOnce).toBeGreaterThan(0);

  // (4) Few mispredictions (see MAX_MISPREDICTIONS), as the predictor counts them and as seen from outside.
  expect(figures.mispredictions).toBeLessThanOrEqual(MAX_MISPREDICTIONS);
  expect(figures.corrections.length, figures.corrections.join('\n\n')).toBeLessThanOrEqual(MAX_MISPREDICTIONS);
}

// ---- the Japanese session ----

/** Typed one character at a time after `echo `. */
export const JAPANESE_TYPED = '日本語のテキストを入力';
/** Committed by an input method, a word at a time, after `echo `. */
export const JAPANESE_COMMITS = ['日本語', 'の', 'テキスト', 'を', '入力'] as const;
/** A waving hand with a medium skin tone: two code points, one grapheme, four cells in xterm's Unicode 11. */
export const EMOJI = '👋\u{1F3FD}';
export const COMBINING_ACUTE = '\u0301';

/** The marks the Japanese session's typist leaves, in order. */
export const JAPANESE_MARKS = [
  'after the commits',
  'after the emoji and the accent',
  'after Backspace over a wide character',
  'a wide character wrapped at the margin',
  'after Backspace back across the wrap',
] as const;

/**
 * Share of Japanese keystrokes typed after their line's first confirmed echo that must show at once. (An
 * emoji with a skin tone and a combining mark typed on its own wait for the host by design; and Backspace
 * over a wide character that wrapped from the margin is not predicted, so what is typed next waits too.)
 * fish falls short: on a line where it suggests from history, keys typed while its redraw of the suggestion
 * is still on its way start a hidden epoch (two of 23 keys in the recording) — a gap, not a goal.
 */
export const JAPANESE_SHOWN_GOAL: Record<ShellName, number> = { bash: 0.95, zsh: 0.95, dash: 0.95, fish: 0.85 };

/**
 * The checks every replay of the Japanese session must pass: the shell got the lines meant, the screen the
 * user saw was the real one whenever output was quiet, wide characters showed at once after the line's
 * first echo, and mispredictions stayed within MAX_MISPREDICTIONS.
 */
export function expectJapaneseSessionHeld(shell: ShellName, recording: Recording, figures: Figures): void {
  const expected = [
    JAPANESE_TYPED,
    JAPANESE_COMMITS.join(''),
    `hi ${EMOJI} cafe${COMBINING_ACUTE}`,
    '東京都',
    `${recording.longText}語`,
    'done',
  ];
  for (const line of expected) expect(figures.lines, `${shell} printed ${JSON.stringify(line)}`).toContain(line);
  expect(figures.midLineCheckpoints).toEqual(JAPANESE_MARKS);
  expect(figures.invariantFailures).toEqual([]);
  expect(figures.japaneseTypedAfterEcho).toBeGreaterThanOrEqual(15);
  expect(figures.japaneseShownAfterEcho / figures.japaneseTypedAfterEcho).toBeGreaterThanOrEqual(JAPANESE_SHOWN_GOAL[shell]);
  expect(figures.mispredictions).toBeLessThanOrEqual(MAX_MISPREDICTIONS);
  expect(figures.corrections.length, figures.corrections.join('\n\n')).toBeLessThanOrEqual(MAX_MISPREDICTIONS);
}

// ---- the session at marked prompts ----

/** Keys typed at `passwd`'s prompt after the scripted session: `not my password`, Enter. */
export const PASSWD_SECRET_KEYS = 16;

/**
 * Share of printable keystrokes that must show at once when the shell marks its prompts (OSC 133): the
 * first key of each line too, except where the prompt may not be where the keys go. In the recordings
 * (bash 135/145, fish 134/145) what waits is: the first line, typed before any echo time was measured
 * (Auto draws nothing until then); and the keys typed within an echo time of the prompt after each of the
 * three password prompts (an Enter given to a running command may have been typed ahead for the shell, so
 * its next prompt is not trusted). Backspace back across a wrap is predicted at a marked prompt. Those are
 * fixed by the script, give or take a key or two with the timing of a live recording, hence the margin below
 * 92 %. The goal is 97 %; this session, with three password prompts in eleven lines, is its worst case.
 */
export const MARKED_SHOWN_GOAL: Record<ShellName, number> = { bash: 0.9, zsh: 0.9, dash: 0.9, fish: 0.9 };

/**
 * The scripted session and then `passwd`, at prompts the shell marks: the same invariants, the same password
 * prompts (`read -s`, typed after it appeared and typed ahead of it, then `passwd`) drawing nothing.
 */
export function expectMarkedSessionHeld(shell: ShellName, recording: Recording, figures: Figures): void {
  expectSessionHeld(shell, recording, { ...figures, secretKeys: figures.secretKeys - PASSWD_SECRET_KEYS });
  expect(figures.secretKeys).toBe(SESSION_SECRET_KEYS + PASSWD_SECRET_KEYS);
  expect(figures.lines).toContain('end');
  expect(figures.shownAtOnce / figures.typed).toBeGreaterThanOrEqual(MARKED_SHOWN_GOAL[shell]);
}
