// The predicted cell's colours match what xterm.js would draw for the same attributes.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE, StyleFlag } from '../types.js';
import { lookOf, paletteOf } from './cellColours.js';

const theme = { foreground: '#d0d0d0', background: '#101010', red: '#ff0000' };

describe('cell colours', () => {
  const palette = paletteOf(theme);

  it('builds 256 colours: the theme, the cube and the greys', () => {
    expect(palette).toHaveLength(256);
    expect(palette[1]).toBe('#ff0000');
    expect(palette[16]).toBe('#000000');
    expect(palette[21]).toBe('#0000ff');
    expect(palette[196]).toBe('#ff0000');
    expect(palette[231]).toBe('#ffffff');
    expect(palette[232]).toBe('#080808');
    expect(palette[255]).toBe('#eeeeee');
  });

  it('uses the theme for default colours and swaps them for inverse', () => {
    expect(lookOf(DEFAULT_STYLE, theme, palette)).toMatchObject({ color: '#d0d0d0', background: '#101010' });
    const inverse = { ...DEFAULT_STYLE, flags: StyleFlag.inverse };
    expect(lookOf(inverse, theme, palette)).toMatchObject({ color: '#101010', background: '#d0d0d0' });
  });

  it('resolves palette and RGB colours and keeps attributes', () => {
    const style = { fg: 1, fgMode: 'palette' as const, bg: 0x123456, bgMode: 'rgb' as const, flags: StyleFlag.bold | StyleFlag.underline };
    expect(lookOf(style, theme, palette)).toEqual({
      color: '#ff0000',
      background: '#123456',
      bold: true,
      dim: false,
      italic: false,
      underline: true,
      strikethrough: false,
      invisible: false,
    });
  });
});
