// The half-duplex line editor: keys in, the local line and the messages for the host out. No DOM; a thin layer draws it.
import {
  graphemes,
  nextGraphemeBoundary,
  previousGraphemeBoundary,
  snapToGraphemeBoundary,
  wellFormed,
} from './graphemes.js';
import { decodeKeys, type EditAction, type Key } from '../terminal/keys.js';
import type { LineHistory } from './lineHistory.js';
import { looksLikeSecretPrompt } from './secretPrompt.js';
import { columns, unicode11CharWidth, type CharWidth } from './textWidth.js';

/**
 * Everything the editor knows. `cursor` is a UTF-16 index that is always at a grapheme boundary.
 *
 * `hostHasText`: part of the line already went to the host with Tab, so the host's own line editor
 * holds it (with whatever completion added) and shows it before its cursor. The local `text` is then
 * the rest of the line, drawn at the host's cursor and inserted there on Enter.
 */
export interface EditorState {
  readonly text: string;
  readonly cursor: number;
  /** The line is a secret: never drawn in clear, never recorded in history, never kept for Ctrl-Y. */
  readonly masked: boolean;
  readonly hostHasText: boolean;
  /**
   * The line's first character, sent to the host on its own as soon as it was typed (see `probeFirstKey`),
   * so the host holds it just before the local `text`. '' when the host holds nothing of ours.
   */
  readonly probe: string;
  /** The host has echoed this line (its first character showed where it was sent): it may be drawn and kept in history. */
  readonly echoes: boolean;
  /** `text` is a history entry recalled unchanged: known not to be a secret, so it may be drawn before any echo. */
  readonly recalled: boolean;
  /** 0 while editing a new line; n while showing the n-th newest history entry. */
  readonly historyBack: number;
  /** The new line as it was before walking into history, restored by walking back out. */
  readonly draft: string;
  /** What Ctrl-K/U/W, Alt-D or Alt-Backspace cut last, for Ctrl-Y. */
  readonly cut: string;
}

export const EMPTY_EDITOR_STATE: EditorState = {
  text: '',
  cursor: 0,
  masked: false,
  hostHasText: false,
  probe: '',
  echoes: false,
  recalled: false,
  historyBack: 0,
  draft: '',
  cut: '',
};

/** What a line that ended (Enter, Ctrl-C) leaves: an empty line the host has not yet shown it echoes. */
const NEW_LINE = { text: '', cursor: 0, hostHasText: false, probe: '', echoes: false, recalled: false, historyBack: 0, draft: '' } as const;

/** A line sent with Enter. */
export interface EnteredLine {
  readonly text: string;
  readonly masked: boolean;
  /** False when the start of the line went earlier with Tab: `text` is then only the end of it. */
  readonly wholeLine: boolean;
  /** The host echoed the line; only such lines are kept in history (a line typed where nothing echoes may be a secret). */
  readonly echoed: boolean;
}

/** The result of one key: the new state, messages for the host (in order, one WebSocket message each), lines entered. */
export interface Transition {
  readonly state: EditorState;
  readonly send: readonly string[];
  readonly entered: readonly EnteredLine[];
  /** A first character sent alone, whose echo is awaited (`probeFirstKey`). */
  readonly probe?: string;
  /** Text the host is about to erase before its cursor (the first character taken back, `reclaimProbe`). */
  readonly erased?: string;
}

/**
 * Keys that, on an empty local line after a Tab, go to the host: there they edit what the host holds
 * (Backspace trims a completion, ← moves into it, ↑ walks the shell's own history of the whole line).
 */
const HOST_EDITS: ReadonlySet<EditAction> = new Set<EditAction>([
  'backspace',
  'delete',
  'left',
  'right',
  'home',
  'end',
  'wordLeft',
  'wordRight',
  'cutToEnd',
  'cutToStart',
  'cutShellWordBefore',
  'cutWordBefore',
  'cutWordAfter',
  'historyPrevious',
  'historyNext',
]);

const unchanged = (state: EditorState): Transition => ({ state, send: [], entered: [] });

/** The line replaced by `text` with the cursor at (the nearest boundary after) `cursor`. */
function withLine(state: EditorState, text: string, cursor: number): Transition {
  const recalled = state.recalled && text === state.text;
  return unchanged({ ...state, text, cursor: snapToGraphemeBoundary(text, cursor), recalled });
}

function insert(state: EditorState, inserted: string): Transition {
  const clean = wellFormed(inserted);
  if (clean === '') return unchanged(state);
  const { text, cursor } = state;
  return withLine(state, text.slice(0, cursor) + clean + text.slice(cursor), cursor + clean.length);
}

/** Removes `[from, to)` and remembers it for Ctrl-Y (unless the line is a secret). */
function cutRange(state: EditorState, from: number, to: number): Transition {
  if (from >= to) return unchanged(state);
  const { text } = state;
  const cut = state.masked ? state.cut : text.slice(from, to);
  return withLine({ ...state, cut }, text.slice(0, from) + text.slice(to), from);
}

const isWordChar = (g: string): boolean => /^[\p{L}\p{N}\p{M}]/u.test(g);
const isSpace = (g: string): boolean => /^\s/u.test(g);

/** Start of the word before `index`: back over non-word characters, then over word characters (readline). */
function wordStartBefore(text: string, index: number, inWord: (g: string) => boolean): number {
  const before = graphemes(text).filter((g) => g.index < index);
  let i = before.length - 1;
  while (i >= 0 && !inWord(before[i]!.text)) i--;
  while (i >= 0 && inWord(before[i]!.text)) i--;
  return i < 0 ? 0 : before[i + 1]?.index ?? index;
}

/** End of the word after `index`: forward over non-word characters, then over word characters (readline). */
function wordEndAfter(text: string, index: number): number {
  const after = graphemes(text).filter((g) => g.index >= index);
  let i = 0;
  while (i < after.length && !isWordChar(after[i]!.text)) i++;
  while (i < after.length && isWordChar(after[i]!.text)) i++;
  return after[i]?.index ?? text.length;
}

function enter(state: EditorState): Transition {
  const line: EnteredLine = {
    text: state.probe + state.text,
    masked: state.masked,
    wholeLine: !state.hostHasText,
    echoed: (state.echoes || state.recalled) && !state.masked,
  };
  return { state: { ...state, ...NEW_LINE }, send: [state.text + '\r'], entered: [line] };
}

/**
 * Why the first key goes on its own: half-duplex must never draw what the host would not show (a secret
 * typed at a prompt that turned echo off, whatever its wording). So, as predictive echo does, nothing of a
 * line is drawn until the host has echoed part of it: the line's first character is sent at once, and the
 * rest is edited locally and drawn only once that character shows up where it was sent (`confirmEcho`).
 * A host that never echoes it (`read -s`, any password prompt) never gets its line drawn, nor kept in history.
 *
 * The host then holds that character before the local line, which shapes editing:
 * - Backspace at the start of the local line goes to the host and deletes it there (the host's line is
 *   then empty again, and the next character typed first is sent the same way if nothing has echoed yet);
 * - once it echoed, ←, Home and the keys that cut or move back over it take it back (`reclaimProbe`: a
 *   Backspace to the host, the character into the local line), so the whole line is edited locally as before
 *   (before the echo nothing is drawn, so they stay in the local line);
 * - ↑/↓ take it back too and walk longhaul's history; a recalled line is drawn at once (it was echoed
 *   before, so it is no secret), and typing into it sends its first character the same way.
 * A masked line (the prompt names a secret) skips all this: nothing is drawn, and it goes whole on Enter.
 */
function probeFirstKey(state: EditorState): Transition {
  if (state.echoes || state.masked || state.probe !== '' || state.text === '' || state.recalled) return unchanged(state);
  const first = graphemes(state.text)[0]?.text ?? '';
  if (first === '' || /[\x00-\x1f\x7f]/.test(first)) return unchanged(state); // a pasted Tab is not a first character
  const text = state.text.slice(first.length);
  const cursor = Math.max(0, state.cursor - first.length);
  return { state: { ...state, text, cursor, probe: first }, send: [first], entered: [], probe: first };
}

/** Takes the line's first character back from the host (a Backspace there) into the local line, cursor unmoved. */
function reclaimProbe(state: EditorState): Transition {
  const { probe } = state;
  const next = { ...state, text: probe + state.text, cursor: state.cursor + probe.length, probe: '' };
  return { state: next, send: ['\x7f'], entered: [], erased: probe };
}

/** Keys that reach back before the local line: with the first character on the host, they take it back first. */
const REACH_BACK: ReadonlySet<EditAction> = new Set<EditAction>([
  'left',
  'home',
  'wordLeft',
  'cutToStart',
  'cutShellWordBefore',
  'cutWordBefore',
  'historyPrevious',
  'historyNext',
]);

/** Whether `action` would move or cut back to the start of the local line (and so into the character before it). */
function reachesLineStart({ text, cursor }: EditorState, action: EditAction): boolean {
  switch (action) {
    case 'wordLeft':
    case 'cutWordBefore':
      return wordStartBefore(text, cursor, isWordChar) === 0;
    case 'cutShellWordBefore':
      return wordStartBefore(text, cursor, (g) => !isSpace(g)) === 0;
    case 'left':
      return cursor === 0;
    default:
      return true; // Home, Ctrl-U, ↑, ↓
  }
}

/** Runs `then` on the state after `first`, keeping both steps' messages in order. */
function followedBy(first: Transition, then: (state: EditorState) => Transition): Transition {
  const second = then(first.state);
  return {
    state: second.state,
    send: [...first.send, ...second.send],
    entered: [...first.entered, ...second.entered],
    ...(first.probe || second.probe ? { probe: second.probe ?? first.probe } : {}),
    ...(first.erased || second.erased ? { erased: (first.erased ?? '') + (second.erased ?? '') } : {}),
  };
}

function walkHistory(state: EditorState, step: 1 | -1, history: readonly string[]): Transition {
  if (state.masked) return unchanged(state); // no recalling commands into a password prompt
  const back = Math.min(state.historyBack, history.length) + step;
  if (back < 0 || back > history.length) return unchanged(state);
  const draft = state.historyBack === 0 ? state.text : state.draft;
  const text = back === 0 ? draft : history[history.length - back] ?? '';
  return unchanged({ ...state, text, cursor: text.length, historyBack: back, draft, recalled: back > 0 });
}

/** Pasted text without control characters other than Tab (a paste must not be able to type Ctrl-C or ESC). */
function cleanPastedFragment(fragment: string): string {
  return fragment.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, '');
}

/** Inserts a paste; each line break enters the line so far, as if typed. The last fragment stays in the line. */
function paste(state: EditorState, text: string): Transition {
  const fragments = text.split(/\r\n|\r|\n/);
  const last = fragments.pop() ?? '';
  let current = state;
  const send: string[] = [];
  const entered: EnteredLine[] = [];
  for (const fragment of fragments) {
    const line = enter(insert(current, cleanPastedFragment(fragment)).state);
    send.push(...line.send);
    entered.push(...line.entered);
    current = line.state;
  }
  return { state: insert(current, cleanPastedFragment(last)).state, send, entered };
}

function edit(state: EditorState, action: EditAction, raw: string, historyLines: readonly string[]): Transition {
  const history = historyLines;
  const { text, cursor } = state;
  if (state.probe !== '') {
    // Backspace at the start of the local line deletes the first character where it is, on the host.
    if (action === 'backspace' && cursor === 0) return { state: { ...state, probe: '' }, send: [raw], entered: [], erased: state.probe };
    // Before the echo nothing is drawn, so there is no cursor to see: moving stays in the local line then.
    const historyKey = action === 'historyPrevious' || action === 'historyNext';
    if (REACH_BACK.has(action) && (state.echoes || historyKey) && reachesLineStart(state, action)) {
      return followedBy(reclaimProbe(state), (s) => edit(s, action, raw, historyLines));
    }
    if (action === 'tab') {
      // The shell completes what it holds (the first character) followed by what is sent now.
      return edit({ ...state, probe: '', hostHasText: true }, action, raw, history);
    }
  }
  if (state.hostHasText && text === '' && HOST_EDITS.has(action)) return { state, send: [raw], entered: [] };
  switch (action) {
    case 'enter':
      return enter(state);
    case 'tab': {
      // Completion happens in the shell, at the cursor: send what is before it, keep the rest local.
      const next = { ...state, text: text.slice(cursor), cursor: 0, hostHasText: true, historyBack: 0, draft: '', recalled: false };
      return { state: next, send: [text.slice(0, cursor) + '\t'], entered: [] };
    }
    case 'backspace': {
      const from = previousGraphemeBoundary(text, cursor);
      return withLine(state, text.slice(0, from) + text.slice(cursor), from);
    }
    case 'delete':
      return withLine(state, text.slice(0, cursor) + text.slice(nextGraphemeBoundary(text, cursor)), cursor);
    case 'left':
      return withLine(state, text, previousGraphemeBoundary(text, cursor));
    case 'right':
      return withLine(state, text, nextGraphemeBoundary(text, cursor));
    case 'home':
      return withLine(state, text, 0);
    case 'end':
      return withLine(state, text, text.length);
    case 'wordLeft':
      return withLine(state, text, wordStartBefore(text, cursor, isWordChar));
    case 'wordRight':
      return withLine(state, text, wordEndAfter(text, cursor));
    case 'cutToEnd':
      return cutRange(state, cursor, text.length);
    case 'cutToStart':
      return cutRange(state, 0, cursor);
    case 'cutShellWordBefore':
      return cutRange(state, wordStartBefore(text, cursor, (g) => !isSpace(g)), cursor);
    case 'cutWordBefore':
      return cutRange(state, wordStartBefore(text, cursor, isWordChar), cursor);
    case 'cutWordAfter':
      return cutRange(state, cursor, wordEndAfter(text, cursor));
    case 'yank':
      return insert(state, state.cut);
    case 'historyPrevious':
    case 'historyNext':
      if (state.hostHasText) {
        // The host holds the start of the line, so only its history can replace the whole line:
        // hand it the rest too, then the key.
        return { state: { ...state, text: '', cursor: 0, recalled: false }, send: [text + raw], entered: [] };
      }
      return walkHistory(state, action === 'historyPrevious' ? 1 : -1, history);
    case 'interrupt':
      // The shell drops its line on Ctrl-C; so do we.
      return { state: { ...state, ...NEW_LINE }, send: [raw], entered: [] };
    case 'endOfFile':
      // On an empty line Ctrl-D goes at once (end of input, logout). With text in the line the host's
      // line is still empty, so sending it would log out instead of what the user sees: delete forward,
      // as readline does.
      if (text !== '' || state.probe !== '') return edit(state, 'delete', raw, history);
      return { state, send: [raw], entered: [] };
    case 'suspend':
    case 'quit':
    case 'clearScreen':
      return { state, send: [raw], entered: [] };
  }
}

/** The pure transition: one key applied to the state. `history` is the host's lines, oldest first. */
export function applyKey(state: EditorState, key: Key, history: readonly string[] = [], probe = true): Transition {
  const local = applyKeyLocally(state, key, history);
  // Once a line went, the next one belongs to the next prompt: its first character waits for it (`resume`).
  return probe && local.entered.length === 0 ? followedBy(local, probeFirstKey) : local;
}

function applyKeyLocally(state: EditorState, key: Key, history: readonly string[]): Transition {
  switch (key.kind) {
    case 'text':
      return insert(state, key.text);
    case 'paste':
      return paste(state, key.text);
    case 'edit':
      return edit(state, key.action, key.raw, history);
    case 'unknown':
      return unchanged(state); // function keys, Esc, unbound Alt-keys: nothing sensible to do to a line
  }
}

/** What the drawing layer draws. */
export interface LineView {
  readonly text: string;
  /** UTF-16 index into `text`, never inside a grapheme (so never inside a surrogate pair). */
  readonly cursor: number;
  /** Draw nothing (recommended) or a bullet per character, never the text. */
  readonly masked: boolean;
  /** The host has not shown yet that it echoes this line: draw nothing of it. */
  readonly awaitingEcho: boolean;
  /** The line's first character, on the host already (drawn by it, before `text`). */
  readonly probe: string;
  /** Terminal columns of `visibleText(text)` before the cursor: where to put the terminal's cursor. */
  readonly columnsBeforeCursor: number;
  /** Terminal columns of the whole `visibleText(text)`. */
  readonly columns: number;
  /** The host's line holds the start of this line (sent with Tab); draw `text` at the host's cursor. */
  readonly hostHasText: boolean;
  /** Keys go straight to the host (alternate screen, or a line was sent and the shell is not back at a prompt): draw no local line. */
  readonly passThrough: boolean;
}

/** What one call did: messages to send (in order, one WebSocket message each), lines entered, the line to draw. */
export interface EditorStep {
  readonly send: readonly string[];
  readonly entered: readonly EnteredLine[];
  readonly line: LineView;
  /** A first character sent alone in this step: watch for its echo where the host's cursor is, then `confirmEcho`. */
  readonly probe?: string;
  /** Text the host is about to erase before its cursor. */
  readonly erased?: string;
}

export interface LineEditorOptions {
  /** The host's line history for ↑/↓; entered lines that are whole and not secret are added to it. */
  readonly history?: LineHistory;
  /** Column widths the terminal draws with; xterm.js's Unicode 11 table by default. */
  readonly charWidth?: CharWidth;
  /**
   * Whether each line's first character goes to the host at once and the line waits for its echo before it
   * is drawn or kept (see `probeFirstKey`). On unless the host's echo is known some other way; the unit tests
   * of the local editing rules turn it off to see those rules alone.
   */
  readonly awaitEcho?: boolean;
}

/** What was in the local line when it was taken (half-duplex switched off). */
export interface TakenLine {
  readonly text: string;
  readonly cursor: number;
  readonly masked: boolean;
}

/**
 * The half-duplex line editor of one tab. Feed it every `term.onData` string with `input`; send each
 * string of `step.send` to the host as one message, and draw `step.line`. A line's first character goes
 * at once and the line is drawn only after the host echoed it (`probeFirstKey`, `confirmEcho`); nothing
 * else is sent while it is edited, and Enter sends the rest and `\r` as one message. After Enter the host
 * has the keys (`line.passThrough`) until told the shell is back at a prompt (`resume`).
 *
 * Tab sends the text before the cursor and `\t`, so the shell completes at the cursor. The shell then
 * owns that part (and its completion) and echoes it; the local line keeps the text that was after the
 * cursor, is drawn at the host's cursor and inserted there on Enter. While the local line is empty the
 * editing keys go to the shell, so a completion can be trimmed or edited with the shell's own keys.
 * Such a line is not recorded in history (only the shell knows it whole).
 *
 * Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-L go at once (Ctrl-C also clears the line); Ctrl-D goes at once on an
 * empty line and deletes forward otherwise (see `applyKey`). Secrets: see `probeFirstKey` and `observePrompt`.
 */
export class LineEditor {
  private state: EditorState = EMPTY_EDITOR_STATE;
  private alternateScreen = false;
  /** A line was sent: the host has the keys until the shell is back at a prompt (`resume`). */
  private hostTakesKeys = false;
  /** The host has not yet shown the erase of a first character taken back: the next one waits (`holdFirstKey`). */
  private firstKeyHeld = false;
  private readonly history: LineHistory | undefined;
  private readonly charWidth: CharWidth;
  private readonly awaitEcho: boolean;

  constructor(options: LineEditorOptions = {}) {
    this.history = options.history;
    this.charWidth = options.charWidth ?? unicode11CharWidth;
    this.awaitEcho = options.awaitEcho ?? true;
    if (!this.awaitEcho) this.state = { ...this.state, echoes: true };
  }

  /** The line to draw now. */
  get line(): LineView {
    const { text, cursor, masked, hostHasText, probe, echoes, recalled } = this.state;
    return {
      text,
      cursor,
      masked,
      awaitingEcho: !echoes && !recalled,
      probe,
      columnsBeforeCursor: columns(text.slice(0, cursor), this.charWidth),
      columns: columns(text, this.charWidth),
      hostHasText,
      passThrough: this.alternateScreen || this.hostTakesKeys,
    };
  }

  /** The full state, for tests and debugging. */
  get snapshot(): EditorState {
    return this.state;
  }

  /** One `term.onData` string: keys, typed text, or a paste (bracketed or not). */
  input(data: string): EditorStep {
    if (this.line.passThrough) return this.step(data === '' ? [] : [data], []);
    const send: string[] = [];
    const entered: EnteredLine[] = [];
    let probe: string | undefined;
    let erased = '';
    for (const key of decodeKeys(data)) {
      const t = this.apply(key, entered.length === 0);
      send.push(...t.send);
      entered.push(...t.entered);
      if (t.probe) probe = t.probe;
      erased += t.erased ?? '';
    }
    // After Enter the host has the keys until its prompt is back: a pager's Space and q must reach it.
    if (entered.length > 0) this.hostTakesKeys = true;
    return { ...this.step(send, entered), ...(probe && entered.length === 0 ? { probe } : {}), ...(erased ? { erased } : {}) };
  }

  /**
   * Pasted text, for a layer that takes pastes itself rather than through `onData` (which only marks
   * them when the host enabled bracketed paste). Each line break enters the line so far; the last
   * fragment stays in the line. In the alternate screen the paste goes to the host as xterm would send
   * it: line breaks as `\r`, wrapped in bracketed-paste marks if the host asked for them.
   */
  paste(text: string, bracketedPasteMode = false): EditorStep {
    if (this.line.passThrough) {
      if (text === '') return this.step([], []);
      const body = text.replace(/\r?\n/g, '\r');
      return this.step([bracketedPasteMode ? `\x1b[200~${body}\x1b[201~` : body], []);
    }
    const t = this.apply({ kind: 'paste', text }, true);
    if (t.entered.length > 0) this.hostTakesKeys = true;
    return { ...this.step(t.send, t.entered), ...(t.probe ? { probe: t.probe } : {}) };
  }

  /**
   * Tell the editor what the host shows before its cursor (the prompt), whenever its output settles.
   * A prompt for a secret masks the line. Once masked, a line is unmasked only when it is empty again
   * (after Enter or Ctrl-C) and the host shows an ordinary prompt — never while a secret is half typed.
   */
  observePrompt(textBeforeCursor: string): LineView {
    if (looksLikeSecretPrompt(textBeforeCursor)) this.state = { ...this.state, masked: true };
    else if (this.state.text === '' && this.state.probe === '') this.state = { ...this.state, masked: false };
    return this.line;
  }

  /**
   * The host showed, where the line's first character was sent, that character: it echoes this line, so
   * the line may be drawn and, once entered, kept in history.
   */
  confirmEcho(): LineView {
    if (this.state.probe !== '') this.state = { ...this.state, echoes: true };
    return this.line;
  }

  /**
   * Whether keys go straight to the host because a line was sent and the shell is not back at a prompt.
   * Told `false` when the prompt is back (or the mode is switched on): the line typed meanwhile, if any,
   * waits no longer, and its first character goes to the host (returned in `send`).
   */
  get waitingForPrompt(): boolean {
    return this.hostTakesKeys;
  }

  resume(): EditorStep {
    if (!this.hostTakesKeys) return this.step([], []);
    this.hostTakesKeys = false;
    return this.sendFirstKeyIfDue();
  }

  /**
   * While the host has not yet shown that it erased a first character taken back, where the next one would
   * echo is not known: it waits (and with it the drawing) until `holdFirstKey(false)` and `sendFirstKeyIfDue`.
   * A host that echoes nothing never shows the erase either, so its line then goes whole on Enter.
   */
  holdFirstKey(held: boolean): void {
    this.firstKeyHeld = held;
  }

  /** Sends the line's first character if it should have gone and has not (held, or a line waiting for the prompt). */
  sendFirstKeyIfDue(): EditorStep {
    if (!this.mayProbe()) return this.step([], []);
    const t = probeFirstKey(this.state);
    this.state = t.state;
    return { ...this.step(t.send, []), ...(t.probe ? { probe: t.probe } : {}) };
  }

  private mayProbe(): boolean {
    return this.awaitEcho && !this.hostTakesKeys && !this.alternateScreen && !this.firstKeyHeld;
  }

  /** Keeps an entered line whose echo came after it was sent (typed faster than the round trip). */
  keepInHistory(line: EnteredLine): void {
    if (line.wholeLine && !line.masked) this.history?.add(line.text);
  }


  /**
   * The host entered or left the alternate screen (vim, less, top). Meanwhile keys pass straight through
   * and the local line waits; line mode comes back with it when the host leaves.
   */
  setAlternateScreen(active: boolean): LineView {
    this.alternateScreen = active;
    return this.line;
  }

  /**
   * Tell the editor the host's line already holds text the user typed (e.g. half-duplex was switched on
   * mid-line, or a taken line was typed into the shell), so editing keys on an empty line go to the host.
   */
  setHostHasText(hostHasText: boolean): LineView {
    this.state = { ...this.state, hostHasText };
    return this.line;
  }

  /**
   * Empties the local line and returns what it held, for switching half-duplex off: the layer types
   * `text` into the shell (send it without `\r`) so the user carries on there with nothing lost.
   */
  takeLine(): TakenLine {
    const { text, cursor, masked, probe } = this.state;
    const hostHasText = text !== '' || probe !== '' || this.state.hostHasText;
    this.state = { ...this.state, ...NEW_LINE, hostHasText };
    return { text, cursor, masked };
  }

  private apply(key: Key, probe: boolean): Transition {
    const t = applyKey(this.state, key, this.history?.entries ?? [], probe && this.mayProbe());
    this.state = this.awaitEcho ? t.state : { ...t.state, echoes: true };
    // Only what the host echoed is kept: a line typed where nothing echoed may be a secret the prompt did not name.
    for (const line of t.entered) if (line.wholeLine && !line.masked && line.echoed) this.history?.add(line.text);
    return t;
  }

  private step(send: readonly string[], entered: readonly EnteredLine[]): EditorStep {
    return { send, entered, line: this.line };
  }
}
