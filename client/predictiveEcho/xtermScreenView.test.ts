import { describe, expect, it } from 'vitest';
import { drawScreen, headlessTerminal, writeTo } from '../../test/support/predictiveEcho/harness.js';
import { DEFAULT_STYLE, StyleFlag } from './types.js';
import { xtermScreenView } from './xtermScreenView.js';

describe('xtermScreenView', () => {
  it('reads cells, cursor and size', async () => {
    const terminal = headlessTerminal(10, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, '$ ls');
    expect([view.cols, view.rows, view.cursorX, view.cursorY, view.isAltScreen]).toEqual([10, 3, 4, 0, false]);
    expect(view.cellAt(2, 0)).toEqual({ chars: 'l', width: 1, style: DEFAULT_STYLE });
    expect(view.cellAt(5, 0)).toEqual({ chars: '', width: 1, style: DEFAULT_STYLE });
    expect(view.cellAt(10, 0)).toBeUndefined();
    expect(view.cellAt(0, 3)).toBeUndefined();
  });

  it('reads styles', async () => {
    const terminal = headlessTerminal(10, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, '\x1b[1;2;31ma\x1b[0;38;2;85;85;85;44mb\x1b[0;7;4mc');
    expect(view.cellAt(0, 0)!.style).toEqual({
      fg: 1,
      fgMode: 'palette',
      bg: 0,
      bgMode: 'default',
      flags: StyleFlag.bold | StyleFlag.dim,
    });
    expect(view.cellAt(1, 0)!.style).toEqual({ fg: 0x555555, fgMode: 'rgb', bg: 4, bgMode: 'palette', flags: 0 });
    expect(view.cellAt(2, 0)!.style.flags).toBe(StyleFlag.inverse | StyleFlag.underline);
  });

  it('reads wide characters as a cell of width 2 and one of width 0', async () => {
    const terminal = headlessTerminal(10, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, '日');
    expect(view.cellAt(0, 0)).toMatchObject({ chars: '日', width: 2 });
    expect(view.cellAt(1, 0)).toMatchObject({ chars: '', width: 0 });
  });

  it('counts rows from the bottom page once the screen has scrolled', async () => {
    const terminal = headlessTerminal(10, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, '1\r\n2\r\n3\r\n4\r\n$ ');
    expect(drawScreen(view)).toBe('3\n4\n$ |');
    expect(view.cellAt(0, 2)!.chars).toBe('$');
  });

  it('reports the pending wrap at the right margin as cursorX === cols', async () => {
    const terminal = headlessTerminal(4, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, 'abcd');
    expect([view.cursorX, view.cursorY]).toEqual([4, 0]);
  });

  it('knows the alternate screen', async () => {
    const terminal = headlessTerminal(10, 3);
    const view = xtermScreenView(terminal);
    await writeTo(terminal, '\x1b[?1049h');
    expect(view.isAltScreen).toBe(true);
  });
});
