// Test harness: a headless xterm as the real screen, a fake clock, and screens drawn as text ('$ ls|').
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal } from '@xterm/headless';
import { isBlank } from '../../../client/predictiveEcho/cells.js';
import type { InputOrigin } from '../../../client/predictiveEcho/keys.js';
import { Predictor, type PredictorOptions } from '../../../client/predictiveEcho/predictor.js';
import type { SimulatedShell } from './simulatedShells.js';
import type { DisplayPreference, PredictionOverlay, ScreenView } from '../../../client/predictiveEcho/types.js';
import { xtermScreenView } from '../../../client/predictiveEcho/xtermScreenView.js';

/** A headless terminal with the page's width table (Unicode 11). */
export function headlessTerminal(cols: number, rows: number, scrollback = 100): Terminal {
  const terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  useUnicode11(terminal);
  return terminal;
}

/** The widths the page draws with: terminalView activates Unicode 11. */
export function useUnicode11(terminal: Terminal): void {
  terminal.loadAddon(new Unicode11Addon() as unknown as Parameters<Terminal['loadAddon']>[0]);
  terminal.unicode.activeVersion = '11';
}

export function writeTo(terminal: Terminal, data: string): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

/**
 * The screen as text, rows joined by '\n' with trailing blanks and trailing empty rows dropped, and `|` at
 * the cursor. With an overlay, what the user sees: its cells drawn over the real ones, its cursor instead.
 */
export function drawScreen(view: ScreenView, overlay?: PredictionOverlay): string {
  const grid: string[][] = [];
  for (let y = 0; y < view.rows; y++) {
    const row: string[] = [];
    for (let x = 0; x < view.cols; x++) {
      const cell = view.cellAt(x, y)!;
      row.push(cell.width === 0 ? '' : isBlank(cell) ? ' ' : cell.chars);
    }
    grid.push(row);
  }
  if (overlay?.display) {
    for (const cell of overlay.cells) {
      grid[cell.y]![cell.x] = isBlank(cell) ? ' ' : cell.chars;
      if (cell.width === 2 && cell.x + 1 < view.cols) grid[cell.y]![cell.x + 1] = '';
    }
  }
  const cursor = overlay?.display && overlay.cursor ? overlay.cursor : { x: view.cursorX, y: view.cursorY };
  const lines = grid.map((row, y) => {
    if (y !== cursor.y) return row.join('').trimEnd();
    // Place the bar by column: a wide character fills two columns but is one string in the row.
    const before = row.slice(0, cursor.x).join('');
    return (before + '|' + row.slice(cursor.x).join('')).trimEnd();
  });
  while (lines.length > 1 && lines[lines.length - 1] === '' && cursor.y < lines.length - 1) lines.pop();
  return lines.join('\n');
}

/** One terminal, its predictor and a fake clock, driven the way the addon will drive them. */
export class Harness {
  readonly terminal: Terminal;
  readonly view: ScreenView;
  readonly predictor: Predictor;
  now = 1_000;

  constructor(
    cols = 30,
    rows = 6,
    preference: DisplayPreference = 'always',
    options: Partial<Omit<PredictorOptions, 'screen' | 'clock' | 'preference'>> = {},
  ) {
    this.terminal = headlessTerminal(cols, rows);
    this.view = xtermScreenView(this.terminal);
    this.predictor = new Predictor({ screen: this.view, clock: () => this.now, preference, ...options });
  }

  /** The user types `data` (one onData string). */
  type(data: string, origin?: InputOrigin): void {
    this.predictor.keystrokes(data, origin);
  }

  /** Each character of `text` as its own keystroke, `gapMs` apart. */
  async typeEach(text: string, gapMs = 0): Promise<void> {
    for (const ch of text) {
      this.type(ch);
      if (gapMs > 0) await this.wait(gapMs);
    }
  }

  /** Output from the host arrives and is written. */
  async host(data: string): Promise<void> {
    this.predictor.output(data);
    await writeTo(this.terminal, data);
    this.predictor.outputWritten();
  }

  /** Time passes; the predictor's timer fires whenever it asked to be woken. */
  async wait(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = this.predictor.nextTickAt();
      if (due === undefined || due > until) break;
      this.now = Math.max(this.now, due);
      this.predictor.tick();
    }
    this.now = until;
  }

  /** Lets output stay quiet long enough for every verdict to be reached (a few round trips on a slow link). */
  quiet(): Promise<void> {
    return this.wait(1_000);
  }

  /** What the user sees. */
  drawn(): string {
    return drawScreen(this.view, this.predictor.overlay());
  }

  /** What the screen would show with prediction off. */
  real(): string {
    return drawScreen(this.view);
  }

  overlay(): PredictionOverlay {
    return this.predictor.overlay();
  }

  /** The invariant: nothing predicted is left to draw, so the user sees exactly the real screen. */
  nothingLeftToDraw(): boolean {
    const overlay = this.overlay();
    return overlay.cells.length === 0 && overlay.cursor === null && this.drawn() === this.real();
  }
}

export interface LinkModel {
  readonly rttMs: number;
  readonly splits: ReadonlyArray<{ readonly at: number; readonly afterMs: number }>;
}

interface Arrival {
  readonly at: number;
  readonly data: string;
  /** The keystroke it answers: an answer never overtakes its keystroke, even with no latency. */
  readonly key: number;
}

/**
 * Plays keystrokes (each `gapMs` after the previous) through the predictor, and the shell's answers back
 * through the terminal one round trip later, cut into chunks `afterMs` apart, in time order; calls `check`
 * after every event.
 */
export async function playTyping(
  h: Harness,
  shell: SimulatedShell,
  typing: ReadonlyArray<{ key: string; gapMs: number; lagMs?: number }>,
  link: LinkModel,
  check: () => void = () => {},
): Promise<void> {
  const arrivals: Arrival[] = [];
  let typedAt = h.now;
  let lastArrival = 0;
  const keystrokes = typing.map(({ key, gapMs, lagMs }) => {
    typedAt += gapMs;
    return { at: typedAt, key, lagMs: lagMs ?? 0 };
  });
  keystrokes.forEach(({ at, key, lagMs }, index) => {
    // The shell answers in order; the answer comes back one round trip (and any jitter, `lagMs`) after the key.
    const answer = shell.answer(key);
    if (answer === '') return;
    let start = Math.max(at + link.rttMs + lagMs, lastArrival);
    let from = 0;
    for (const split of link.splits) {
      const cut = from + (split.at % Math.max(1, answer.length - from));
      if (cut <= from || cut >= answer.length) continue;
      arrivals.push({ at: start, data: answer.slice(from, cut), key: index });
      start += split.afterMs;
      from = cut;
    }
    arrivals.push({ at: start, data: answer.slice(from), key: index });
    lastArrival = start;
  });

  // At equal times: keystrokes and answers in the order they happened, a keystroke before its answer.
  const events = [
    ...keystrokes.map((k, i) => ({ at: k.at, key: i, step: 0, run: async () => h.type(k.key) })),
    ...arrivals.map((a, i) => ({ at: a.at, key: a.key, step: 1 + i, run: () => h.host(a.data) })),
  ].sort((a, b) => a.at - b.at || a.key - b.key || a.step - b.step);
  for (const event of events) {
    await h.wait(Math.max(0, event.at - h.now));
    await event.run();
    check();
  }
}
