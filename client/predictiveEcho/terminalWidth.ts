// xterm.js's Unicode 11 widths — the table the page draws with (terminalView activates Unicode11Addon).
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IUnicodeVersionProvider, Terminal } from '@xterm/xterm';
import type { CharWidth } from './charWidth.js';

/**
 * Columns xterm.js advances for a code point: 0 (it joins the cell before: combining marks, ZWJ, variation
 * selectors), 1, or 2. The addon keeps its provider private and only hands it to `terminal.unicode.register`,
 * so it is taken from a stand-in terminal rather than copied (a copy would drift from package.json's version).
 */
export const terminalCharWidth: CharWidth = (() => {
  let provider: IUnicodeVersionProvider | undefined;
  const standIn = { unicode: { register: (p: IUnicodeVersionProvider) => (provider = p) } };
  new Unicode11Addon().activate(standIn as unknown as Terminal);
  if (!provider) throw new Error('Unicode11Addon did not register its width table');
  const found = provider;
  return (codePoint: number) => found.wcwidth(codePoint);
})();
