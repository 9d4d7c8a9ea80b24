// Grapheme-cluster boundaries of a line, so the cursor never stops inside a character the user sees as one.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** One user-perceived character and where it starts (UTF-16 index). */
export interface Grapheme {
  readonly index: number;
  readonly text: string;
}

/** The graphemes of `text`, in order. */
export function graphemes(text: string): Grapheme[] {
  return Array.from(segmenter.segment(text), (s) => ({ index: s.index, text: s.segment }));
}

/** Whether `index` is a place the cursor may stand: 0, the end, or between two graphemes. */
export function isGraphemeBoundary(text: string, index: number): boolean {
  if (index === 0 || index === text.length) return true;
  if (index < 0 || index > text.length || !Number.isInteger(index)) return false;
  return segmenter.segment(text).containing(index)?.index === index;
}

/** The boundary one grapheme after `index` (or the end). */
export function nextGraphemeBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const s = segmenter.segment(text).containing(Math.max(0, index));
  return s ? s.index + s.segment.length : text.length;
}

/** The boundary one grapheme before `index` (or 0). */
export function previousGraphemeBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  const s = segmenter.segment(text).containing(Math.min(index, text.length) - 1);
  return s ? s.index : 0;
}

/**
 * `index` if it is a boundary, else the end of the grapheme it falls in. Used after an edit, which can
 * merge neighbours into one grapheme (a combining mark typed after a letter, a second regional indicator).
 */
export function snapToGraphemeBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const s = segmenter.segment(text).containing(index);
  if (!s || s.index === index) return index;
  return s.index + s.segment.length;
}

/** `text` with every unpaired surrogate replaced by U+FFFD, as it would reach the host anyway. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
