import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal } from '@xterm/headless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columns, unicode11CharWidth, visibleText } from './textWidth.js';

describe('columns', () => {
  it.each([
    ['plain ASCII', 'echo hello', 10],
    ['CJK is two columns each', '日本語', 6],
    ['full-width forms', 'ＡＢ', 4],
    ['Hangul syllables', '한국', 4],
    ['an emoji', '😀', 2],
    ['a combining accent adds nothing', 'e\u0301', 1],
    ['a zero-width joiner adds nothing; xterm draws each emoji of a ZWJ sequence', '👨\u200d👩', 4],
    ['mixed', 'ls 日本/😀.txt', 3 + 4 + 1 + 2 + 4],
    ['a Tab is drawn as ^I', 'a\tb', 4],
    ['nothing', '', 0],
  ])('%s', (_name, text, expected) => {
    expect(columns(text)).toBe(expected);
  });

  it('uses an injected width table', () => {
    expect(columns('日本', () => 1)).toBe(2);
  });
});

describe('visibleText', () => {
  it('shows control characters in caret notation and leaves the rest alone', () => {
    expect(visibleText('a\tb\x7f日')).toBe('a^Ib^?日');
    expect(columns(visibleText('a\tb'))).toBe(columns('a\tb'));
  });
});

describe('unicode11CharWidth', () => {
  it('is the table xterm.js draws with once Unicode11Addon is active', async () => {
    const term = new Terminal({ cols: 400, rows: 5, allowProposedApi: true });
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    const cursorAfter = (text: string) =>
      new Promise<number>((resolve) => term.write(`\x1b[H\x1b[2Kx${text}`, () => resolve(term.buffer.active.cursorX - 1)));

    // Printable text (no controls; those are drawn in caret notation), short enough not to wrap.
    const printable = fc
      .string({
        unit: fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
          fc.constantFrom('日', '😀', 'e\u0301', '\u200d', '한'),
        ),
        maxLength: 40,
      })
      .filter((s) => !/[\x00-\x1f\x7f-\x9f]/.test(s));
    await fc.assert(
      fc.asyncProperty(printable, async (text) => {
        expect(columns(text)).toBe(await cursorAfter(text));
      }),
      { numRuns: 300 },
    );
    expect(unicode11CharWidth(0x4e00)).toBe(2);
    term.dispose();
  });
});
