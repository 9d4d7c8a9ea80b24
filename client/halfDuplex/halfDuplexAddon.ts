// The half-duplex xterm.js addon: while on, typed text and pastes go to the line editor, whole lines go to the host, and the local line is drawn at the host's cursor.
import type { IMarker, ITerminalAddon, Terminal } from '@xterm/xterm';
import { DisposableStore, listen, toDisposable } from '../util/disposable.js';
import { awaitedEcho } from './awaitedEcho.js';
import { graphemes } from './graphemes.js';
import { hostLineAfterKeys } from './hostLine.js';
import type { EditorStep, EnteredLine, LineEditor, LineView } from './lineEditor.js';
import { layoutLine } from './lineLayout.js';
import { DomLineOverlay, type LineDrawer, type LineDrawing } from './lineOverlay.js';
import { probeEchoed } from './probeEcho.js';
import { looksLikeSecretPrompt } from './secretPrompt.js';
import { isShellPromptAgain } from './shellPrompt.js';
import { isTerminalReport } from './terminalReports.js';
import { columns, unicode11CharWidth } from './textWidth.js';

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
  /** Runs `draw` before the next paint, returning how to call it off; by default an animation frame. */
  readonly beforePaint?: (draw: () => void) => () => void;
}

function animationFrame(draw: () => void): () => void {
  const frame = requestAnimationFrame(draw);
  return () => cancelAnimationFrame(frame);
}

/** What the toggle, the tab strip and `window.longhaul` show. */
export interface HalfDuplexStatus {
  readonly on: boolean;
  /** A full-screen program (the alternate screen), or the command a line started, has the keys; the local line waits. */
  readonly passThrough: boolean;
  /** A line was sent and the shell is not back at its prompt: keys go straight to what runs (a pager's Space and q). */
  readonly waitingForPrompt: boolean;
  /** The host asked for a secret: the line is never drawn. */
  readonly masked: boolean;
}

/** A line's first character, sent alone, watched for its echo. A marker keeps its row as scrollback is trimmed. */
interface WatchedProbe {
  readonly marker: IMarker;
  readonly col: number;
  readonly text: string;
  /** The line went with Enter before the echo came: kept in history if the echo still comes before the prompt. */
  entered: { readonly line: EnteredLine; readonly prompt: string | null } | null;
}

const statusKey = (s: HalfDuplexStatus) => `${s.on}/${s.passThrough}/${s.waitingForPrompt}/${s.masked}`;

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
  /** The line's first character, sent alone, until the host echoes it (see `probeFirstKey` in the editor). */
  private probe: WatchedProbe | null = null;
  /** Columns before the host's cursor it is about to erase (a first character taken back): the line is drawn over them. */
  private erasing = 0;
  /** What the host showed before its cursor where the current line started: its prompt. */
  private lineStartPrompt: string | null = null;
  /** The prompt of the last line the host echoed, and of the last line entered at all: how the shell's prompt is known again. */
  private echoedPrompt: string | null = null;
  private enteredPrompt: string | null = null;
  /** The shell marked a prompt (OSC 133 A or B) since the last line was sent. */
  private promptMarked = false;
  private focused = false;
  private lastStatus: string;
  /** Calls off the draw waiting for the next paint, if one is. */
  private cancelDraw: (() => void) | undefined;

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
    // Shells set up for it (VS Code, iTerm2, WezTerm and kitty integrations) mark their prompts; the marks are kept for others.
    this.disposables.add(
      terminal.parser.registerOscHandler(133, (data) => {
        if (data.startsWith('A') || data.startsWith('B')) this.promptMarked = true;
        return false;
      }),
    );
    this.disposables.add(terminal.buffer.onBufferChange((buffer) => this.onAlternateScreen(buffer.type === 'alternate')));
    // A flood scrolls on every line: the line follows the rows it sits on once a frame, before the paint.
    this.disposables.add(terminal.onScroll(() => this.drawBeforePaint()));
    this.disposables.add(toDisposable(() => this.cancelDraw?.()));
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
    this.disposables.add(toDisposable(() => this.dropProbe()));
    this.disposables.add(toDisposable(() => (this.terminal = undefined)));
    this.editor.setAlternateScreen(terminal.buffer.active.type === 'alternate');
    this.observePrompt();
    this.update();
  }

  get status(): HalfDuplexStatus {
    const line = this.editor.line;
    return { on: this.on, passThrough: line.passThrough, waitingForPrompt: this.editor.waitingForPrompt, masked: line.masked };
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
    this.erasing = 0;
    this.dropProbe();
    if (on) {
      this.editor.setHostHasText(this.hostHasText);
      // Switched on, the user is at the line they mean to edit: line mode at once.
      this.resumeLine();
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
    this.noteLineStart();
    const wasShown = this.lineShown();
    this.editor.holdFirstKey(this.erasing > 0);
    this.apply(this.editor.input(data), wasShown);
    return true;
  }

  private onPaste(event: ClipboardEvent): void {
    // Off, or in a full-screen program, xterm.js pastes as it always does (bracketed if asked).
    if (!this.on || this.editor.line.passThrough) return;
    event.preventDefault();
    event.stopPropagation();
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (text === '') return;
    this.noteLineStart();
    const wasShown = this.lineShown();
    this.editor.holdFirstKey(this.erasing > 0);
    this.apply(this.editor.paste(text), wasShown);
  }

  /** Whether the local line may be drawn: not a secret, and echoed by the host (or recalled from history). */
  private lineShown(): boolean {
    const line = this.editor.line;
    return !line.masked && !line.awaitingEcho;
  }

  /** With nothing of the line on the host yet, what it shows before its cursor is the prompt. */
  private noteLineStart(): void {
    const state = this.editor.snapshot;
    if (state.probe === '' && !state.hostHasText && this.erasing === 0) {
      this.lineStartPrompt = this.textBeforeCursor();
    }
  }

  private apply(step: EditorStep, wasShown: boolean): void {
    const probe = step.probe;
    const buffer = this.terminal?.buffer.active;
    // Where the first character goes is where the host's cursor is now, before it is sent.
    if (probe && buffer) this.watchProbe(probe, buffer.cursorX);
    for (const data of step.send) this.options.send(data);
    if (step.erased) {
      this.erasing += columns(step.erased, unicode11CharWidth);
      this.dropProbe();
    }
    if (step.entered.length > 0) this.lineEntered(step.entered[0]!);
    // A key that sent nothing echoable (or any edit) ends the wait: the new line is drawn instead. Only a
    // line already shown may stay drawn while it awaits its echo.
    this.awaited = awaitedEcho(step.send, !wasShown || step.line.masked);
    this.update();
  }

  /** A line went with Enter: learn the prompt it was typed at, and let the host have the keys until that prompt is back. */
  private lineEntered(line: EnteredLine): void {
    const prompt = this.lineStartPrompt !== null && this.lineStartPrompt.trim() !== '' ? this.lineStartPrompt : null;
    if (prompt !== null) {
      if (line.echoed) this.echoedPrompt = prompt;
      this.enteredPrompt = prompt;
    }
    // Typed faster than the round trip, a line goes before its first character's echo is back: keep watching.
    if (this.probe && !line.echoed && line.wholeLine && !line.masked) this.probe.entered = { line, prompt };
    else this.dropProbe();
    this.lineStartPrompt = null;
    this.promptMarked = false;
  }

  private watchProbe(text: string, col: number): void {
    this.dropProbe();
    const marker = this.terminal?.registerMarker(0);
    if (marker) this.probe = { marker, col, text, entered: null };
  }

  private dropProbe(): void {
    this.probe?.marker.dispose();
    this.probe = null;
  }

  private onOutput(): void {
    // Whatever the host sent now shows where the awaited text would: stop drawing it, or it would show twice.
    this.awaited = '';
    this.checkProbe();
    if (this.on && this.editor.waitingForPrompt && this.backAtPrompt()) this.resumeLine();
    this.observePrompt();
    if (this.erasing > 0) {
      // The host answered the erase: a first character held back meanwhile can go now.
      this.erasing = 0;
      this.editor.holdFirstKey(false);
      if (this.on && !this.editor.line.passThrough) this.apply(this.editor.sendFirstKeyIfDue(), this.lineShown());
    }
    this.update();
  }

  /** Confirms the line once its first character shows where it was sent (or keeps a line already entered). */
  private checkProbe(): void {
    const buffer = this.terminal?.buffer.active;
    const probe = this.probe;
    if (!buffer || !probe) return;
    if (probe.marker.isDisposed || buffer.type === 'alternate') return this.dropProbe();
    const sent = { row: probe.marker.line, col: probe.col, text: probe.text };
    const cell = buffer.getLine(sent.row)?.getCell(sent.col)?.getChars() ?? '';
    if (!probeEchoed(sent, cell, { row: buffer.baseY + buffer.cursorY, col: buffer.cursorX })) return;
    const entered = probe.entered;
    this.dropProbe();
    if (!entered) {
      this.editor.confirmEcho();
      return;
    }
    this.editor.keepInHistory(entered.line);
    if (entered.prompt !== null) this.echoedPrompt = entered.prompt;
  }

  /**
   * After a line was sent, whether the shell is back at a prompt: it marked one (OSC 133), or the text before
   * the cursor is the prompt lines were typed at, or a prompt for a secret (then typed masked, sent whole).
   */
  private backAtPrompt(): boolean {
    const terminal = this.terminal;
    if (!terminal || terminal.buffer.active.type === 'alternate') return false;
    if (this.promptMarked) return true;
    const buffer = terminal.buffer.active;
    // Nothing right at the cursor (zsh's right prompt, further along the row, is fine).
    const after = buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true, buffer.cursorX) ?? '';
    if (after !== '' && !/^\s/u.test(after)) return false;
    const before = this.textBeforeCursor();
    if (looksLikeSecretPrompt(before)) return true;
    const prompt = this.echoedPrompt ?? this.enteredPrompt;
    return prompt !== null && isShellPromptAgain(prompt, before);
  }

  /** Line mode again at the prompt the host now shows; a line typed meanwhile sends its first character. */
  private resumeLine(): void {
    this.promptMarked = false;
    this.dropProbe(); // a line entered before its echo: if that has not come by the prompt, it never will
    this.lineStartPrompt = null;
    if (this.terminal) this.editor.observePrompt(this.textBeforeCursor());
    this.noteLineStart();
    this.apply(this.editor.resume(), false);
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
    if (!this.terminal || !this.on || this.editor.line.passThrough) return;
    this.editor.observePrompt(this.textBeforeCursor());
  }

  /** What the host shows before its cursor: the cursor's row, and the rows above it that a long prompt wrapped from. */
  private textBeforeCursor(): string {
    const terminal = this.terminal;
    if (!terminal) return '';
    const buffer = terminal.buffer.active;
    let row = buffer.baseY + buffer.cursorY;
    let text = buffer.getLine(row)?.translateToString(false, 0, buffer.cursorX) ?? '';
    for (let n = 1; n < MAX_PROMPT_ROWS && row > 0 && buffer.getLine(row)?.isWrapped; n++) {
      row--;
      text = (buffer.getLine(row)?.translateToString(false) ?? '') + text;
    }
    return text;
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

  private drawBeforePaint(): void {
    if (this.cancelDraw) return;
    const beforePaint = this.options.beforePaint ?? animationFrame;
    this.cancelDraw = beforePaint(() => {
      this.cancelDraw = undefined;
      this.draw();
    });
  }

  private draw(): void {
    const terminal = this.terminal;
    if (terminal) this.drawer?.draw(this.drawing(terminal));
  }

  /** The local line (after any text awaiting its echo) at the host's cursor; null when there is nothing to show. */
  private drawing(terminal: Terminal): LineDrawing | null {
    const line = this.editor.line;
    // While the host has the keys only the line just sent is drawn, until its echo; a line waiting for the prompt is not.
    if (!this.on || (line.passThrough && this.awaited === '')) return null;
    // A secret is never drawn, not even as bullets: its length is a secret too. Nor is a line the host has
    // not shown it echoes: it may be a secret at a prompt that does not say so.
    const shown = !line.masked && !line.awaitingEcho && !line.passThrough;
    const local = shown ? line.text : '';
    const text = this.awaited + local;
    if (text === '') return null;
    const buffer = terminal.buffer.active;
    const row = buffer.baseY + buffer.cursorY - buffer.viewportY;
    if (row < 0 || row >= terminal.rows) return null; // scrolled back: the cursor's row is out of view
    const cursor = this.awaited.length + (shown ? line.cursor : 0);
    // A first character taken back is still on the screen until the host erases it: draw the line over it.
    const startCol = Math.max(0, buffer.cursorX - this.erasing);
    const layout = layoutLine(text, cursor, { startCol, cols: terminal.cols, rows: terminal.rows - row });
    return { row, layout, awaitedLength: this.awaited.length, focused: this.focused };
  }

  dispose(): void {
    this.disposables.dispose();
    this.drawer = undefined;
  }
}
