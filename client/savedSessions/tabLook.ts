// How a tab opened from a saved session looks: its label and colour, so `ns1` and `ns2` never look alike.
import type { SavedSession } from '../../shared/savedSessions.js';
import { cssColor } from './colors.js';

export interface SessionLook {
  savedSessionId: string;
  /** The short label, else the session's name. */
  label: string;
  /** A CSS colour (palette names already mapped). */
  color: string;
}

const FALLBACK_COLOR = '#8b94a3';

export function lookOf(saved: SavedSession): SessionLook {
  return { savedSessionId: saved.id, label: saved.label ?? saved.name, color: cssColor(saved.color) ?? FALLBACK_COLOR };
}

/** Keep only a well-formed look from storage (a reload brings the tab back with the same look). */
export function lookFrom(value: unknown): SessionLook | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { savedSessionId, label, color } = value as Record<string, unknown>;
  if (typeof savedSessionId !== 'string' || typeof label !== 'string' || typeof color !== 'string') return undefined;
  const css = cssColor(color);
  return css ? { savedSessionId, label: label.slice(0, 64), color: css } : undefined;
}
