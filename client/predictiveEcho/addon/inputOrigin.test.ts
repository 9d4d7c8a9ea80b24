import { describe, expect, it } from 'vitest';
import { originOfEvent } from './inputOrigin.js';

describe('originOfEvent', () => {
  it('takes a paste for a paste', () => {
    expect(originOfEvent('paste')).toBe('pasted');
  });

  it("takes an input method's commit, and several characters inserted without keys, for composed text", () => {
    expect(originOfEvent('compositionend')).toBe('composed');
    expect(originOfEvent('input', 'insertText', '日本語のテキストを入力')).toBe('composed');
    expect(originOfEvent('input', 'insertFromComposition', '日本')).toBe('composed');
  });

  it('says nothing about a single character or other input', () => {
    expect(originOfEvent('input', 'insertText', 'a')).toBeUndefined();
    expect(originOfEvent('input', 'deleteContentBackward', null)).toBeUndefined();
    expect(originOfEvent('keydown')).toBeUndefined();
  });
});
