// Sorts the keys in what xterm.js's `onData` delivers into those the predictor knows how to predict, and the rest.
import { decodeKeys, type Key } from '../terminal/keys.js';

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

/** The editing keys the predictor predicts, exactly as xterm.js sends them; any other key is `other`. */
const PREDICTED_KEYS: Readonly<Record<string, InputKey>> = {
  '\r': { kind: 'enter' },
  '\x7f': { kind: 'backspace' },
  '\b': { kind: 'backspace' },
  '\x1b[D': { kind: 'left' },
  '\x1bOD': { kind: 'left' },
  '\x1b[C': { kind: 'right' },
  '\x1bOC': { kind: 'right' },
};

/** A decoded key as the predictor sees it: typed text one grapheme a key, so none is ever split. */
function predictorKeys(key: Key): InputKey[] {
  if (key.kind === 'text') return [...graphemeSegmenter.segment(key.text)].map(({ segment }) => ({ kind: 'char', text: segment }));
  if (key.kind === 'paste') return [{ kind: 'paste', text: key.text }];
  return [PREDICTED_KEYS[key.raw] ?? { kind: 'other', raw: key.raw }];
}

/**
 * The keys in one `onData` string, in order. A paste comes back as one `paste` key; several printable
 * graphemes at once (an input method's commit) as one `char` key, so the word is predicted, confirmed and
 * rolled back as one edit.
 */
export function classifyInput(data: string, origin: InputOrigin = 'typed'): InputKey[] {
  if (origin === 'pasted' || data.includes(BRACKETED_PASTE_START)) return [{ kind: 'paste', text: data }];
  const keys = decodeKeys(data).flatMap(predictorKeys);
  const printable = keys.filter((key) => key.kind === 'char').length;
  // A line with its Enter in one go, or a long run of text not known to come from an input method, did
  // not come from typing one key at a time.
  const long = printable >= PASTE_MIN_CHARS && origin !== 'composed';
  if (long || (printable > 0 && keys.some((key) => key.kind !== 'char'))) {
    return [{ kind: 'paste', text: data }];
  }
  return printable > 1 ? [{ kind: 'char', text: data }] : keys;
}
