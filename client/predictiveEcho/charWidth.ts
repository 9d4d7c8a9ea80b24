// How many columns a typed character takes, for the characters whose width every terminal agrees on.

/** Columns a code point takes: 1, 2 (wide), or 0 for "do not predict" (combining, emoji, unsure). */
export type CharWidth = (codePoint: number) => number;

const NARROW: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e], // ASCII
  [0xa1, 0xac], // Latin-1 (0xad, the soft hyphen, is zero-width in some tables)
  [0xae, 0x2ff], // Latin-1, Latin Extended-A/B, IPA, spacing modifiers
  [0x370, 0x482], // Greek, Cyrillic (0x483–0x489 combine)
  [0x48a, 0x52f],
];

const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x3096], // Hiragana
  [0x30a1, 0x30fa], // Katakana
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xff01, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6],
];

function inRanges(codePoint: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  return ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/**
 * The default: widths Unicode 6 and 11 tables agree on, 0 for everything else, so the predictor stays out
 * of the way where it could guess wrong. The addon may pass xterm's own table instead.
 */
export const agreedCharWidth: CharWidth = (codePoint) => {
  if (inRanges(codePoint, NARROW)) return 1;
  if (inRanges(codePoint, WIDE)) return 2;
  return 0;
};
