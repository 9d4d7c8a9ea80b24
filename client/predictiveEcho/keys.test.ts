import { describe, expect, it } from 'vitest';
import { classifyInput, PASTE_MIN_CHARS } from './keys.js';

describe('classifyInput', () => {
  it('reads a typed character as one char key', () => {
    expect(classifyInput('a')).toEqual([{ kind: 'char', text: 'a', codePoint: 0x61 }]);
    expect(classifyInput(' ')).toEqual([{ kind: 'char', text: ' ', codePoint: 0x20 }]);
    expect(classifyInput('é')).toEqual([{ kind: 'char', text: 'é', codePoint: 0xe9 }]);
  });

  it('keeps a character outside the BMP whole', () => {
    expect(classifyInput('😀')).toEqual([{ kind: 'char', text: '😀', codePoint: 0x1f600 }]);
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
    expect(classifyInput('日本')).toEqual([
      { kind: 'char', text: '日', codePoint: 0x65e5 },
      { kind: 'char', text: '本', codePoint: 0x672c },
    ]);
  });

  it('takes many characters at once for a paste', () => {
    const text = 'x'.repeat(PASTE_MIN_CHARS);
    expect(classifyInput(text)).toEqual([{ kind: 'paste', text }]);
    expect(classifyInput('x'.repeat(PASTE_MIN_CHARS - 1))).toHaveLength(PASTE_MIN_CHARS - 1);
  });

  it('takes text with its Enter, or a bracketed paste, for a paste', () => {
    expect(classifyInput('ls\r')).toEqual([{ kind: 'paste', text: 'ls\r' }]);
    expect(classifyInput('\x1b[200~a\x1b[201~')).toEqual([{ kind: 'paste', text: '\x1b[200~a\x1b[201~' }]);
  });

  it('does not take C1 controls for printable', () => {
    expect(classifyInput('\x9b')).toEqual([{ kind: 'other', raw: '\x9b' }]);
  });
});
