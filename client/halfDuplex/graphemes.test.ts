import { describe, expect, it } from 'vitest';
import {
  graphemes,
  isGraphemeBoundary,
  nextGraphemeBoundary,
  previousGraphemeBoundary,
  snapToGraphemeBoundary,
  wellFormed,
} from './graphemes.js';

const family = '👨\u200d👩\u200d👧'; // one grapheme, 8 UTF-16 units
const flag = '🇯🇵'; // two regional indicators, one grapheme

describe('grapheme boundaries', () => {
  it('splits user-perceived characters', () => {
    expect(graphemes(`ae\u0301${family}${flag}日`).map((g) => g.text)).toEqual(['a', 'e\u0301', family, flag, '日']);
  });

  it('steps over a surrogate pair, a combining mark, a ZWJ sequence and a flag in one move', () => {
    const text = `a😀e\u0301${family}${flag}`;
    const stops = [0];
    while (stops.at(-1)! < text.length) stops.push(nextGraphemeBoundary(text, stops.at(-1)!));
    expect(stops).toEqual([0, 1, 3, 5, 13, 17]);
    const back = [text.length];
    while (back.at(-1)! > 0) back.push(previousGraphemeBoundary(text, back.at(-1)!));
    expect(back).toEqual([17, 13, 5, 3, 1, 0]);
  });

  it('stays within the text at either end', () => {
    expect(nextGraphemeBoundary('ab', 2)).toBe(2);
    expect(previousGraphemeBoundary('ab', 0)).toBe(0);
    expect(nextGraphemeBoundary('', 0)).toBe(0);
  });

  it('knows which indices are boundaries', () => {
    expect(isGraphemeBoundary('😀', 0)).toBe(true);
    expect(isGraphemeBoundary('😀', 1)).toBe(false);
    expect(isGraphemeBoundary('😀', 2)).toBe(true);
    expect(isGraphemeBoundary('ab', 3)).toBe(false);
    expect(isGraphemeBoundary('ab', 0.5)).toBe(false);
  });

  it('snaps an index inside a grapheme to its end', () => {
    expect(snapToGraphemeBoundary('😀x', 1)).toBe(2);
    expect(snapToGraphemeBoundary(flag, 2)).toBe(4);
    expect(snapToGraphemeBoundary('ab', 1)).toBe(1);
    expect(snapToGraphemeBoundary('ab', 9)).toBe(2);
    expect(snapToGraphemeBoundary('ab', -1)).toBe(0);
  });

  it('replaces unpaired surrogates only', () => {
    expect(wellFormed('a\ud83d')).toBe('a\ufffd');
    expect(wellFormed('\ude00b')).toBe('\ufffdb');
    expect(wellFormed('😀')).toBe('😀');
  });
});
