// The terminal's look: a calm dark palette and a monospace stack of fonts people already have (no web fonts).
import type { ITheme } from '@xterm/xterm';

export const FONT_FAMILY = [
  '"JetBrains Mono"',
  '"Cascadia Mono"',
  '"Fira Code"',
  '"SF Mono"',
  'Menlo',
  'Consolas',
  '"DejaVu Sans Mono"',
  '"Liberation Mono"',
  '"Noto Sans Mono"',
  'monospace',
].join(', ');

export const FONT_SIZE = 14;

export const THEME: ITheme = {
  background: '#111418',
  foreground: '#d5d9e0',
  cursor: '#e6e9ef',
  cursorAccent: '#111418',
  selectionBackground: '#34445c',
  black: '#1c2128',
  red: '#e06c75',
  green: '#98c379',
  yellow: '#e5c07b',
  blue: '#61afef',
  magenta: '#c678dd',
  cyan: '#56b6c2',
  white: '#c8ccd4',
  brightBlack: '#5c6370',
  brightRed: '#f0838b',
  brightGreen: '#aad68c',
  brightYellow: '#f2d192',
  brightBlue: '#80c1f5',
  brightMagenta: '#d792e8',
  brightCyan: '#72cfda',
  brightWhite: '#f0f2f5',
};

/** Search highlights; the addon wants #RRGGBB. */
export const SEARCH_DECORATIONS = {
  matchBackground: '#3d4b2a',
  matchBorder: '#5f7541',
  matchOverviewRuler: '#98c379',
  activeMatchBackground: '#7a5f1c',
  activeMatchBorder: '#e5c07b',
  activeMatchColorOverviewRuler: '#e5c07b',
};
