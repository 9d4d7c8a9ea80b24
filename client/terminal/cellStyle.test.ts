import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { styleOfText } from './cellStyle.js';

const write = (terminal: Terminal, data: string) => new Promise<void>((resolve) => terminal.write(data, resolve));

describe('styleOfText', () => {
  it('reads the colour of the first cell of the text', async () => {
    const terminal = new Terminal({ cols: 40, rows: 5, allowProposedApi: true });
    await write(terminal, 'plain\r\n$ \x1b[31mred-42\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m \x1b[1;2mbd\x1b[0m');
    expect(styleOfText(terminal, 'plain')).toEqual({ line: 0, column: 0, foreground: 'default', bold: false, dim: false });
    expect(styleOfText(terminal, 'red-42')).toEqual({ line: 1, column: 2, foreground: { palette: 1 }, bold: false, dim: false });
    expect(styleOfText(terminal, 'rgb')?.foreground).toEqual({ rgb: '#010203' });
    expect(styleOfText(terminal, 'bd')).toMatchObject({ bold: true, dim: true });
    expect(styleOfText(terminal, 'absent')).toBeNull();
  });

  it('counts wide characters before the text as the cells they take', async () => {
    const terminal = new Terminal({ cols: 40, rows: 5, allowProposedApi: true });
    await write(terminal, '日本 \x1b[32mok\x1b[0m');
    expect(styleOfText(terminal, 'ok')).toMatchObject({ column: 5, foreground: { palette: 2 } });
  });
});
