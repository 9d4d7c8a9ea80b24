// Decodes what xterm.js's `onData` delivers (typed text, control keys, escape sequences, pastes) into keys: the one decoder half-duplex and predictive echo share.

/** What a key asks the line editor to do. Names follow readline's where it has one. */
export type EditAction =
  | 'enter' // Enter (\r), Ctrl-J (\n)
  | 'tab' // Tab: complete in the shell
  | 'backspace' // Backspace (\x7f), Ctrl-H (\x08)
  | 'delete' // Delete (\x1b[3~)
  | 'left' // ← and Ctrl-B
  | 'right' // → and Ctrl-F
  | 'home' // Home and Ctrl-A
  | 'end' // End and Ctrl-E
  | 'wordLeft' // Alt-B, Ctrl-← / Alt-←
  | 'wordRight' // Alt-F, Ctrl-→ / Alt-→
  | 'cutToEnd' // Ctrl-K
  | 'cutToStart' // Ctrl-U
  | 'cutShellWordBefore' // Ctrl-W: back to the previous whitespace
  | 'cutWordBefore' // Alt-Backspace: back to the previous word start (letters and digits)
  | 'cutWordAfter' // Alt-D, Ctrl-Delete
  | 'yank' // Ctrl-Y: paste back what was cut last
  | 'historyPrevious' // ↑ and Ctrl-P
  | 'historyNext' // ↓ and Ctrl-N
  | 'interrupt' // Ctrl-C
  | 'endOfFile' // Ctrl-D
  | 'suspend' // Ctrl-Z
  | 'quit' // Ctrl-\
  | 'clearScreen'; // Ctrl-L

/** One decoded key. `raw` is exactly what xterm sent, for passing the key through to the host unchanged. */
export type Key =
  | { readonly kind: 'text'; readonly text: string } // printable text, typed or composed (IME)
  | { readonly kind: 'paste'; readonly text: string } // the inside of a bracketed paste
  | { readonly kind: 'edit'; readonly action: EditAction; readonly raw: string }
  | { readonly kind: 'unknown'; readonly raw: string }; // function keys, Esc, Alt-letters we don't bind

const CONTROL_KEYS: Readonly<Record<string, EditAction>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\x7f': 'backspace',
  '\x08': 'backspace',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x0b': 'cutToEnd',
  '\x15': 'cutToStart',
  '\x17': 'cutShellWordBefore',
  '\x19': 'yank',
  '\x10': 'historyPrevious',
  '\x0e': 'historyNext',
  '\x03': 'interrupt',
  '\x04': 'endOfFile',
  '\x1a': 'suspend',
  '\x1c': 'quit',
  '\x0c': 'clearScreen',
};

/** Alt-<char>, which xterm sends as ESC followed by the character. */
const ALT_KEYS: Readonly<Record<string, EditAction>> = {
  b: 'wordLeft',
  f: 'wordRight',
  d: 'cutWordAfter',
  '\x7f': 'cutWordBefore',
  '\x08': 'cutWordBefore',
};

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** Cursor keys by their final byte, in both CSI (`ESC [ C`) and SS3 (`ESC O C`, application mode) forms. */
function cursorKey(final: string, modifiers: number): EditAction | undefined {
  // xterm encodes modifiers as 1 + (shift 1 | alt 2 | ctrl 4); Alt or Ctrl with ←/→ moves by word.
  const wordwise = modifiers > 1 && ((modifiers - 1) & 6) !== 0;
  switch (final) {
    case 'A':
      return modifiers > 1 ? undefined : 'historyPrevious';
    case 'B':
      return modifiers > 1 ? undefined : 'historyNext';
    case 'C':
      return wordwise ? 'wordRight' : 'right';
    case 'D':
      return wordwise ? 'wordLeft' : 'left';
    case 'H':
      return 'home';
    case 'F':
      return 'end';
    default:
      return undefined;
  }
}

/** `ESC [ n ~` keys (vt220 style), with an optional `;modifiers`. */
function tildeKey(code: number, modifiers: number): EditAction | undefined {
  switch (code) {
    case 1:
    case 7:
      return 'home';
    case 4:
    case 8:
      return 'end';
    case 3:
      return modifiers > 1 && ((modifiers - 1) & 6) !== 0 ? 'cutWordAfter' : 'delete';
    default:
      return undefined;
  }
}

/** Decodes the escape sequence starting at `start` (an ESC); returns the key and where the next one starts. */
function decodeEscape(data: string, start: number): { key: Key; end: number } {
  const next = data[start + 1];
  if (next === undefined) return { key: { kind: 'unknown', raw: '\x1b' }, end: start + 1 };

  if (next === '[') {
    if (data.startsWith(PASTE_START, start)) {
      const from = start + PASTE_START.length;
      const close = data.indexOf(PASTE_END, from);
      // xterm sends a paste in one piece; should the end marker be missing, the rest is the paste.
      const to = close === -1 ? data.length : close;
      return { key: { kind: 'paste', text: data.slice(from, to) }, end: close === -1 ? to : to + PASTE_END.length };
    }
    const match = /^\x1b\[([0-9;:<=>?]*)([\x20-\x2f]*)([\x40-\x7e])/.exec(data.slice(start, start + 32));
    if (!match) return { key: { kind: 'unknown', raw: data.slice(start) }, end: data.length };
    const [raw, params = '', intermediates = '', final = ''] = match;
    const end = start + raw.length;
    const [first = '', second = ''] = params.split(';');
    const modifiers = second === '' ? 1 : Number(second);
    let action: EditAction | undefined;
    if (intermediates === '' && /^[0-9]*$/.test(first) && /^[0-9]*$/.test(second)) {
      if (final === '~') action = tildeKey(Number(first), modifiers);
      else if (first === '' || first === '1') action = cursorKey(final, modifiers);
    }
    return { key: action ? { kind: 'edit', action, raw } : { kind: 'unknown', raw }, end };
  }

  if (next === 'O') {
    const final = data[start + 2];
    if (final === undefined) return { key: { kind: 'unknown', raw: '\x1bO' }, end: start + 2 };
    const raw = data.slice(start, start + 3);
    const action = cursorKey(final, 1);
    return { key: action ? { kind: 'edit', action, raw } : { kind: 'unknown', raw }, end: start + 3 };
  }

  if (next === '\x1b') return { key: { kind: 'unknown', raw: '\x1b' }, end: start + 1 };
  const char = String.fromCodePoint(data.codePointAt(start + 1) ?? 0);
  const raw = '\x1b' + char;
  const action = ALT_KEYS[char];
  return { key: action ? { kind: 'edit', action, raw } : { kind: 'unknown', raw }, end: start + raw.length };
}

function isPrintable(code: number): boolean {
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

/**
 * Splits one `onData` string into keys. A run of printable characters becomes one `text` key; a paste
 * without bracketed-paste mode arrives as plain characters and `\r`, so it decodes exactly as if typed.
 */
export function decodeKeys(data: string): Key[] {
  const keys: Key[] = [];
  let i = 0;
  while (i < data.length) {
    const code = data.charCodeAt(i);
    if (code === 0x1b) {
      const { key, end } = decodeEscape(data, i);
      keys.push(key);
      i = end;
    } else if (isPrintable(code)) {
      let j = i + 1;
      while (j < data.length && isPrintable(data.charCodeAt(j))) j++;
      keys.push({ kind: 'text', text: data.slice(i, j) });
      i = j;
    } else {
      const raw = data[i] ?? '';
      const action = CONTROL_KEYS[raw];
      keys.push(action ? { kind: 'edit', action, raw } : { kind: 'unknown', raw });
      i++;
    }
  }
  return keys;
}
