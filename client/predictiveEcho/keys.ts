// Sorts what xterm.js's `onData` delivers into the keys the predictor knows how to predict, and the rest.

/**
 * One key as the predictor sees it.
 * - `char`: printable text inserted at once: one grapheme typed (a letter, an emoji with its modifier, a
 *   combining mark typed on its own), or a word an input method committed — one edit either way.
 * - `backspace`, `left`, `right`, `enter`: the editing keys the predictor predicts.
 * - `paste`: many characters at once; not predicted.
 * - `other`: anything else (control characters, other escape sequences); not predicted, and it ends the run.
 */
export type InputKey =
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'backspace' }
  | { readonly kind: 'left' }
  | { readonly kind: 'right' }
  | { readonly kind: 'enter' }
  | { readonly kind: 'paste'; readonly text: string }
  | { readonly kind: 'other'; readonly raw: string };

/**
 * More graphemes than this in one `onData` of unknown origin is a paste, not typing. Input methods commit a
 * few characters at once (a CJK word), so the bound is not 1; a paste is rarely this short, and a short one
 * that gets predicted is harmless. When the page knows where the data came from (`InputOrigin`), it says so.
 */
export const PASTE_MIN_CHARS = 9;

/**
 * Where an `onData` string came from, when the page saw it happen: `composed` is an input method's commit
 * (or text inserted without keys, as on-screen keyboards and dictation do), `pasted` a paste. `typed`: keys,
 * or not known.
 */
export type InputOrigin = 'typed' | 'composed' | 'pasted';

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const BRACKETED_PASTE_START = '\x1b[200~';

function isPrintable(codePoint: number): boolean {
  return codePoint >= 0x20 && codePoint !== 0x7f && !(codePoint >= 0x80 && codePoint < 0xa0);
}

/** Splits `data` into one string per key: an escape sequence, a control character, or one code point. */
function tokens(data: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch !== '\x1b' || i + 1 >= data.length) {
      const codePoint = data.codePointAt(i)!;
      let text = String.fromCodePoint(codePoint);
      // A printable character takes the code points joined to it (combining marks, an emoji's modifier, ZWJ
      // sequences): one grapheme is one key, never split.
      if (isPrintable(codePoint)) {
        const grapheme = graphemeSegmenter.segment(data.slice(i)).containing(0)?.segment ?? text;
        if ([...grapheme].every((c) => isPrintable(c.codePointAt(0)!))) text = grapheme;
      }
      out.push(text);
      i += text.length;
      continue;
    }
    const next = data[i + 1]!;
    let end: number;
    if (next === '[') {
      // CSI: parameter and intermediate bytes, then one final byte in 0x40–0x7e.
      end = i + 2;
      while (end < data.length && !/[\x40-\x7e]/.test(data[end]!)) end++;
      end = Math.min(end + 1, data.length);
    } else if (next === 'O') {
      end = Math.min(i + 3, data.length); // SS3: one more byte (application cursor keys, F1–F4)
    } else {
      end = i + 1 + String.fromCodePoint(data.codePointAt(i + 1)!).length; // Alt+key
    }
    out.push(data.slice(i, end));
    i = end;
  }
  return out;
}

function classifyToken(token: string): InputKey {
  switch (token) {
    case '\r':
      return { kind: 'enter' };
    case '\x7f':
    case '\b':
      return { kind: 'backspace' };
    case '\x1b[D':
    case '\x1bOD':
      return { kind: 'left' };
    case '\x1b[C':
    case '\x1bOC':
      return { kind: 'right' };
  }
  if (token[0] !== '\x1b' && isPrintable(token.codePointAt(0)!)) return { kind: 'char', text: token };
  return { kind: 'other', raw: token };
}

/**
 * The keys in one `onData` string, in order. A paste comes back as one `paste` key; several printable
 * graphemes at once (an input method's commit) as one `char` key, so the word is predicted, confirmed and
 * rolled back as one edit.
 */
export function classifyInput(data: string, origin: InputOrigin = 'typed'): InputKey[] {
  if (origin === 'pasted' || data.includes(BRACKETED_PASTE_START)) return [{ kind: 'paste', text: data }];
  const keys = tokens(data).map(classifyToken);
  const printable = keys.filter((key) => key.kind === 'char').length;
  // A line with its Enter in one go, or a long run of text not known to come from an input method, did
  // not come from typing one key at a time.
  const long = printable >= PASTE_MIN_CHARS && origin !== 'composed';
  if (long || (printable > 0 && keys.some((key) => key.kind !== 'char'))) {
    return [{ kind: 'paste', text: data }];
  }
  return printable > 1 ? [{ kind: 'char', text: data }] : keys;
}
