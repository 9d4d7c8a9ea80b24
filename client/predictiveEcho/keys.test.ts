import { describe, expect, it } from 'vitest';
import { classifyInput, PASTE_MIN_CHARS } from './keys.js';

describe('classifyInput', () => {
  it('reads a typed character as one char key', () => {
    expect(classifyInput('a')).toEqual([{ kind: 'char', text: 'a' }]);
    expect(classifyInput(' ')).toEqual([{ kind: 'char', text: ' ' }]);
    expect(classifyInput('é')).toEqual([{ kind: 'char', text: 'é' }]);
  });

  it('keeps a character outside the BMP whole', () => {
    expect(classifyInput('😀')).toEqual([{ kind: 'char', text: '😀' }]);
  });

  it('reads the editing keys the predictor predicts', () => {
    expect(classifyInput('\r')).toEqual([{ kind: 'enter' }]);
    expect(classifyInput('\x7f')).toEqual([{ kind: 'backspace' }]);
    expect(classifyInput('\b')).toEqual([{ kind: 'backspace' }]);
    expect(classifyInput('\x1b[D')).toEqual([{ kind: 'left' }]);
    expect(classifyInput('\x1b[C')).toEqual([{ kind: 'right' }]);
  });

  it('reads arrows in application cursor mode too', () => {
    expect(classifyInput('\x1bOD')).toEqual([{ kind: 'left' }]);
    expect(classifyInput('\x1bOC')).toEqual([{ kind: 'right' }]);
  });

  it('leaves other keys unpredicted', () => {
    for (const raw of ['\x03', '\t', '\x1b[A', '\x1b[1;5D', '\x1b[3~', '\x1bb', '\x1b', '\n', '\x1bOP']) {
      expect(classifyInput(raw)).toEqual([{ kind: 'other', raw }]);
    }
  });

  it('splits several keys delivered together', () => {
    expect(classifyInput('\x1b[D\x1b[D')).toEqual([{ kind: 'left' }, { kind: 'left' }]);
  });

  it('keeps a grapheme whole: an emoji with its skin tone, a letter with its combining accent, a ZWJ family', () => {
    for (const text of ['👋🏽', 'e\u0301', '👩\u200d👩\u200d👧', '🇯🇵']) expect(classifyInput(text)).toEqual([{ kind: 'char', text }]);
  });

  it('reads a combining mark typed on its own as a key of its own', () => {
    expect(classifyInput('\u0301')).toEqual([{ kind: 'char', text: '\u0301' }]);
  });

  it('reads several characters at once (an input method committing a word) as one edit', () => {
    expect(classifyInput('日本')).toEqual([{ kind: 'char', text: '日本' }]);
    expect(classifyInput('x'.repeat(PASTE_MIN_CHARS - 1))).toEqual([{ kind: 'char', text: 'x'.repeat(PASTE_MIN_CHARS - 1) }]);
  });

  it('takes many characters at once for a paste, unless the page saw an input method commit them', () => {
    const text = 'x'.repeat(PASTE_MIN_CHARS);
    expect(classifyInput(text)).toEqual([{ kind: 'paste', text }]);
    const word = '日本語のテキストを入力';
    expect(classifyInput(word, 'composed')).toEqual([{ kind: 'char', text: word }]);
    expect(classifyInput(word)).toEqual([{ kind: 'paste', text: word }]);
  });

  it('takes what the page saw pasted for a paste, however short', () => {
    expect(classifyInput('ls', 'pasted')).toEqual([{ kind: 'paste', text: 'ls' }]);
    expect(classifyInput('日本', 'pasted')).toEqual([{ kind: 'paste', text: '日本' }]);
  });

  it('takes text with its Enter, or a bracketed paste, for a paste', () => {
    expect(classifyInput('ls\r')).toEqual([{ kind: 'paste', text: 'ls\r' }]);
    expect(classifyInput('\x1b[200~a\x1b[201~')).toEqual([{ kind: 'paste', text: '\x1b[200~a\x1b[201~' }]);
  });

  it('does not take C1 controls for printable', () => {
    expect(classifyInput('\x9b')).toEqual([{ kind: 'other', raw: '\x9b' }]);
  });
});
