// The half-duplex xterm.js addon: while on, typed text and pastes go to the line editor, whole lines go to the host, and the local line is drawn at the host's cursor.
import type { ITerminalAddon, Terminal } from '@xterm/xterm';
import { DisposableStore, listen, toDisposable } from '../util/disposable.js';
import { awaitedEcho } from './awaitedEcho.js';
import { graphemes } from './graphemes.js';
import { hostLineAfterKeys } from './hostLine.js';
import type { EditorStep, LineEditor, LineView } from './lineEditor.js';
import { layoutLine } from './lineLayout.js';
import { DomLineOverlay, type LineDrawer, type LineDrawing } from './lineOverlay.js';
import { isTerminalReport } from './terminalReports.js';

export interface HalfDuplexAddonOptions {
  readonly editor: LineEditor;
  /**
   * Sends text to the host as one input message. What goes this way is the locally edited line (or keys
   * the editor lets through at once, like Ctrl-C), so it must not be predicted again by predictive echo.
   */
  readonly send: (data: string) => void;
  /** What the mode shows changed: on or off, a secret prompt, a full-screen program. */
  readonly onChange?: () => void;
  /** Draws the local line; by default a DOM layer over the terminal's screen. */
  readonly createDrawer?: (terminal: Terminal) => LineDrawer;
}

/** What the toggle, the tab strip and `window.longhaul` show. */
export interface HalfDuplexStatus {
  readonly on: boolean;
  /** A full-screen program (the alternate screen) has the keys; the local line waits. */
  readonly passThrough: boolean;
  /** The host asked for a secret: the line is never drawn. */
  readonly masked: boolean;
}

const statusKey = (s: HalfDuplexStatus) => `${s.on}/${s.passThrough}/${s.masked}`;

/** Rows of a long prompt (wrapped over several rows) looked at when deciding whether it asks for a secret. */
const MAX_PROMPT_ROWS = 4;

/**
 * Owns everything it adds to the terminal (listeners, the overlay) and lets go of it on `dispose`. It does
 * not listen to `onData` itself: xterm.js cannot stop other listeners, so the terminal's owner offers each
 * `onData` string to `takeTyped` first and sends it on as usual when that returns false.
 */
export class HalfDuplexAddon implements ITerminalAddon {
  private terminal: Terminal | undefined;
  private drawer: LineDrawer | undefined;
  private readonly disposables = new DisposableStore();
  private on = false;
  /** Sent text the host has not echoed yet (see `awaitedEcho`). */
  private awaited = '';
  /** While off: whether character-mode keys left text in the shell's line. */
  private hostHasText = false;
  private focused = false;
  private lastStatus: string;

  constructor(private readonly options: HalfDuplexAddonOptions) {
    this.lastStatus = statusKey(this.status);
  }

  private get editor(): LineEditor {
    return this.options.editor;
  }

  activate(terminal: Terminal): void {
    this.terminal = terminal;
    const createDrawer = this.options.createDrawer ?? ((t: Terminal) => new DomLineOverlay(t));
    this.drawer = this.disposables.add(createDrawer(terminal));
    this.disposables.add(terminal.onWriteParsed(() => this.onOutput()));
    this.disposables.add(terminal.buffer.onBufferChange((buffer) => this.onAlternateScreen(buffer.type === 'alternate')));
    this.disposables.add(terminal.onScroll(() => this.draw()));
    this.disposables.add(terminal.onResize(() => this.draw()));
    if (terminal.element) {
      // Capture, so the paste reaches the line editor before xterm.js turns it into onData.
      this.disposables.add(listen(terminal.element, 'paste', (event) => this.onPaste(event), { capture: true }));
    }
    const textarea = terminal.textarea;
    if (textarea) {
      this.focused = document.activeElement === textarea;
      this.disposables.add(listen(textarea, 'focus', () => this.setFocused(true)));
      this.disposables.add(listen(textarea, 'blur', () => this.setFocused(false)));
    }
    this.disposables.add(toDisposable(() => (this.terminal = undefined)));
    this.editor.setAlternateScreen(terminal.buffer.active.type === 'alternate');
    this.observePrompt();
    this.update();
  }

  get status(): HalfDuplexStatus {
    const line = this.editor.line;
    return { on: this.on, passThrough: line.passThrough, masked: line.masked };
  }

  /** The local line as the editor holds it. */
  get line(): LineView {
    return this.editor.line;
  }

  /**
   * Switches the mode. Switching off hands the local line to the shell (typed there without Enter, the
   * shell's cursor moved back to where the local one was), so nothing typed is lost; in a full-screen
   * program the line waits in the editor instead.
   */
  setOn(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    this.awaited = '';
    if (on) {
      this.editor.setHostHasText(this.hostHasText);
      this.observePrompt();
    } else {
      if (!this.editor.line.passThrough) {
        const taken = this.editor.takeLine();
        const after = graphemes(taken.text.slice(taken.cursor)).length;
        if (taken.text !== '') this.options.send(taken.text + this.leftKey().repeat(after));
      }
      this.hostHasText = this.editor.snapshot.hostHasText;
    }
    this.update();
  }

  /**
   * One `onData` string. Returns false when it is not half-duplex's to take (the mode is off, a
   * full-screen program has the keys, or it is the terminal's reply to a query): send it as usual.
   */
  takeTyped(data: string): boolean {
    const report = isTerminalReport(data);
    if (!this.on) {
      if (!report && !this.editor.line.passThrough) this.hostHasText = hostLineAfterKeys(this.hostHasText, data);
      return false;
    }
    if (report || this.editor.line.passThrough) return false;
    const wasMasked = this.editor.line.masked;
    this.apply(this.editor.input(data), wasMasked);
    return true;
  }

  private onPaste(event: ClipboardEvent): void {
    // Off, or in a full-screen program, xterm.js pastes as it always does (bracketed if asked).
    if (!this.on || this.editor.line.passThrough) return;
    event.preventDefault();
    event.stopPropagation();
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text === '') return;
    const wasMasked = this.editor.line.masked;
    this.apply(this.editor.paste(text), wasMasked);
  }

  private apply(step: EditorStep, wasMasked: boolean): void {
    for (const data of step.send) this.options.send(data);
    // A key that sent nothing echoable (or any edit) ends the wait: the new line is drawn instead.
    this.awaited = awaitedEcho(step.send, wasMasked || step.line.masked);
    this.update();
  }

  private onOutput(): void {
    // Whatever the host sent now shows where the awaited text would: stop drawing it, or it would show twice.
    this.awaited = '';
    this.observePrompt();
    this.update();
  }

  private onAlternateScreen(active: boolean): void {
    this.editor.setAlternateScreen(active);
    this.awaited = '';
    this.observePrompt();
    this.update();
  }

  private setFocused(focused: boolean): void {
    this.focused = focused;
    this.draw();
  }

  /** Tells the editor what the host shows before its cursor, so a secret prompt masks the line (looked at again when switched on). */
  private observePrompt(): void {
    const terminal = this.terminal;
    if (!terminal || !this.on || this.editor.line.passThrough) return;
    const buffer = terminal.buffer.active;
    let row = buffer.baseY + buffer.cursorY;
    let text = buffer.getLine(row)?.translateToString(false, 0, buffer.cursorX) ?? '';
    // A prompt longer than the screen is wide continues from the rows above.
    for (let n = 1; n < MAX_PROMPT_ROWS && row > 0 && buffer.getLine(row)?.isWrapped; n++) {
      row--;
      text = (buffer.getLine(row)?.translateToString(false) ?? '') + text;
    }
    this.editor.observePrompt(text);
  }

  private leftKey(): string {
    return this.terminal?.modes.applicationCursorKeysMode ? '\x1bOD' : '\x1b[D';
  }

  private update(): void {
    this.draw();
    const key = statusKey(this.status);
    if (key !== this.lastStatus) {
      this.lastStatus = key;
      this.options.onChange?.();
    }
  }

  private draw(): void {
    const terminal = this.terminal;
    if (terminal) this.drawer?.draw(this.drawing(terminal));
  }

  /** The local line (after any text awaiting its echo) at the host's cursor; null when there is nothing to show. */
  private drawing(terminal: Terminal): LineDrawing | null {
    const line = this.editor.line;
    if (!this.on || line.passThrough) return null;
    // A secret is never drawn, not even as bullets: its length is a secret too.
    const local = line.masked ? '' : line.text;
    const text = this.awaited + local;
    if (text === '') return null;
    const buffer = terminal.buffer.active;
    const row = buffer.baseY + buffer.cursorY - buffer.viewportY;
    if (row < 0 || row >= terminal.rows) return null; // scrolled back: the cursor's row is out of view
    const cursor = this.awaited.length + (line.masked ? 0 : line.cursor);
    const layout = layoutLine(text, cursor, { startCol: buffer.cursorX, cols: terminal.cols, rows: terminal.rows - row });
    return { row, layout, awaitedLength: this.awaited.length, focused: this.focused };
  }

  dispose(): void {
    this.disposables.dispose();
    this.drawer = undefined;
  }
}
