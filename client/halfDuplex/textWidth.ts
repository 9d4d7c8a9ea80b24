// Terminal columns a line takes, measured the way xterm.js draws it, so the drawing layer can place the cursor.
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IUnicodeVersionProvider, Terminal } from '@xterm/xterm';

/** Columns one code point advances the cursor by: 0 (combining, zero-width), 1, or 2 (wide: CJK, most emoji). */
export type CharWidth = (codePoint: number) => 0 | 1 | 2;

/**
 * xterm.js's own Unicode 11 widths — the table the terminal draws with once `Unicode11Addon` is active,
 * which the app always activates. The addon keeps its provider private and only hands it to
 * `terminal.unicode.register`, so we receive it through a stand-in terminal instead of copying its tables
 * (which would drift from the version in package.json). The unit tests check the result against a real
 * headless terminal.
 */
export const unicode11CharWidth: CharWidth = (() => {
  let provider: IUnicodeVersionProvider | undefined;
  const standIn = { unicode: { register: (p: IUnicodeVersionProvider) => (provider = p) } };
  new Unicode11Addon().activate(standIn as unknown as Terminal);
  if (!provider) throw new Error('Unicode11Addon did not register its width table');
  const { wcwidth } = provider;
  return (codePoint: number) => wcwidth.call(provider, codePoint);
})();

/** C0 controls and DEL; in a line they can only come from a paste (a Tab) and are drawn in caret notation. */
function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || codePoint === 0x7f;
}

/**
 * The line as the drawing layer should write it: control characters in caret notation (`^I` for a Tab),
 * because writing them raw would move the terminal's cursor instead of drawing something.
 */
export function visibleText(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => '^' + String.fromCharCode(c.charCodeAt(0) ^ 0x40));
}

/** Columns `visibleText(text)` takes on the terminal (ignoring wrapping at the right margin). */
export function columns(text: string, charWidth: CharWidth = unicode11CharWidth): number {
  let total = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    total += isControl(cp) ? 2 : charWidth(cp);
  }
  return total;
}
