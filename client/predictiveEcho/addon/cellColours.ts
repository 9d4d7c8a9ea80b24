// How a predicted cell is coloured: xterm.js's palette (the theme's 16 colours, the 6×6×6 cube, the grey ramp) in CSS.
import type { ITheme } from '@xterm/xterm';
import { StyleFlag, type CellStyle } from '../types.js';

/** CSS for one predicted cell: colours resolved, attributes as flags the layer turns into classes. */
export interface CellLook {
  readonly color: string;
  readonly background: string;
  readonly bold: boolean;
  readonly dim: boolean;
  readonly italic: boolean;
  readonly underline: boolean;
  readonly strikethrough: boolean;
  /** Invisible text (SGR 8): drawn in the background colour, as terminals do. */
  readonly invisible: boolean;
}

const ANSI_NAMES = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
] as const;

/** xterm's own defaults for the 16 colours, for a theme that leaves some out. */
const ANSI_DEFAULTS = [
  '#2e3436', '#cc0000', '#4e9a06', '#c4a000', '#3465a4', '#75507b', '#06989a', '#d3d7cf',
  '#555753', '#ef2929', '#8ae234', '#fce94f', '#729fcf', '#ad7fa8', '#34e2e2', '#eeeeec',
];

const hex = (n: number) => n.toString(16).padStart(2, '0');
const rgb = (r: number, g: number, b: number) => `#${hex(r)}${hex(g)}${hex(b)}`;

/** The 256-colour palette: 0–15 from the theme, 16–231 the colour cube, 232–255 the grey ramp (as xterm.js builds it). */
export function paletteOf(theme: ITheme): string[] {
  const palette = ANSI_NAMES.map((name, i) => theme[name] ?? ANSI_DEFAULTS[i]!);
  const levels = [0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff];
  for (let i = 0; i < 216; i++) {
    palette.push(rgb(levels[Math.floor(i / 36) % 6]!, levels[Math.floor(i / 6) % 6]!, levels[i % 6]!));
  }
  for (let i = 0; i < 24; i++) {
    const level = 8 + i * 10;
    palette.push(rgb(level, level, level));
  }
  return palette;
}

export function lookOf(style: CellStyle, theme: ITheme, palette: readonly string[]): CellLook {
  const foreground = theme.foreground ?? '#ffffff';
  const background = theme.background ?? '#000000';
  const resolve = (mode: CellStyle['fgMode'], value: number, fallback: string) => {
    if (mode === 'palette') return palette[value] ?? fallback;
    if (mode === 'rgb') return `#${value.toString(16).padStart(6, '0')}`;
    return fallback;
  };
  let color = resolve(style.fgMode, style.fg, foreground);
  let back = resolve(style.bgMode, style.bg, background);
  if (style.flags & StyleFlag.inverse) [color, back] = [back, color];
  const has = (flag: number) => (style.flags & flag) !== 0;
  return {
    color,
    background: back,
    bold: has(StyleFlag.bold),
    dim: has(StyleFlag.dim),
    italic: has(StyleFlag.italic),
    underline: has(StyleFlag.underline),
    strikethrough: has(StyleFlag.strikethrough),
    invisible: has(StyleFlag.invisible),
  };
}
