// Saved-session colours as the page draws them: palette names mapped to shades that read on the dark theme.
import { SESSION_COLORS, type SessionColorName } from '../../shared/savedSessions.js';

export const PALETTE: Readonly<Record<SessionColorName, string>> = {
  red: '#e06c75',
  orange: '#e5935b',
  yellow: '#e5c07b',
  green: '#98c379',
  teal: '#56b6c2',
  blue: '#61afef',
  purple: '#c678dd',
  pink: '#f08fc0',
};

const HEX = /^#[0-9a-fA-F]{6}$/;

export function isPaletteColor(color: string): color is SessionColorName {
  return (SESSION_COLORS as readonly string[]).includes(color);
}

/** The CSS colour for a saved colour (palette name or #rrggbb); undefined for anything else. */
export function cssColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  if (isPaletteColor(color)) return PALETTE[color];
  return HEX.test(color) ? color.toLowerCase() : undefined;
}

/** How a colour is named to a screen reader: the palette name, or "custom #1e90ff". */
export function colorName(color: string): string {
  return isPaletteColor(color) ? color : `custom ${color.toLowerCase()}`;
}
