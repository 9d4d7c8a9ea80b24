import { describe, expect, it } from 'vitest';
import { agreedCharWidth } from './charWidth.js';
import { headlessTerminal, writeTo } from '../../test/support/predictiveEcho/harness.js';

describe('agreedCharWidth', () => {
  it('knows ASCII, Latin, Greek and Cyrillic are narrow', () => {
    for (const ch of ['a', '~', ' ', 'é', 'ß', 'Ω', 'Ж']) expect(agreedCharWidth(ch.codePointAt(0)!)).toBe(1);
  });

  it('knows CJK and Hangul are wide', () => {
    for (const ch of ['日', '本', 'あ', 'カ', '한', 'Ａ']) expect(agreedCharWidth(ch.codePointAt(0)!)).toBe(2);
  });

  it('declines combining marks, emoji and controls', () => {
    for (const cp of [0x301, 0x1f600, 0x200b, 0x00, 0x7f, 0xad]) expect(agreedCharWidth(cp)).toBe(0);
  });

  it('agrees with the terminal for what it predicts', async () => {
    const terminal = headlessTerminal(10, 2);
    for (const ch of ['a', 'é', 'Ж', '日', '한', 'Ａ']) {
      terminal.reset();
      await writeTo(terminal, ch);
      expect(terminal.buffer.active.cursorX).toBe(agreedCharWidth(ch.codePointAt(0)!));
    }
  });
});
