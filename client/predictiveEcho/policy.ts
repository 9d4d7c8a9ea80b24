// When predictions are drawn, when underlined, and when the predictor benches itself: pure state transitions.
import type { DisplayPreference, PredictorStatus } from './types.js';

// Auto draws predictions above this smoothed keystroke → echo time, and stops below the lower one.
export const SHOW_ABOVE_MS = 30;
export const HIDE_BELOW_MS = 20;
// Unconfirmed predictions are underlined above this, and no longer below the lower one.
export const UNDERLINE_ABOVE_MS = 160;
export const UNDERLINE_OFF_BELOW_MS = 100;

/** A prediction unconfirmed this long is a glitch: draw predictions for a while, even on a fast link. */
export const GLITCH_MS = 250;
/** Unconfirmed this long: underline too. */
export const GLITCH_UNDERLINE_MS = 1000;
/** Quick confirmations it takes to forget a glitch … */
export const GLITCH_REPAIR_COUNT = 10;
/** … counted at most once per this many ms. */
export const GLITCH_REPAIR_INTERVAL_MS = 150;

export interface DisplayTriggers {
  /** Slow echo: draw predictions. */
  readonly slow: boolean;
  /** Very slow echo: underline unconfirmed predictions. */
  readonly underline: boolean;
  /** Above 0 draws; above `GLITCH_REPAIR_COUNT` underlines too. Quick confirmations wear it down. */
  readonly glitch: number;
  readonly lastQuickConfirmation: number;
}

export const INITIAL_TRIGGERS: DisplayTriggers = Object.freeze({
  slow: false,
  underline: false,
  glitch: 0,
  lastQuickConfirmation: Number.NEGATIVE_INFINITY,
});

/**
 * Hysteresis on the smoothed echo time. Drawing only stops while nothing is drawn, so predictions already
 * on screen do not vanish mid-word.
 */
export function followEchoTime(
  triggers: DisplayTriggers,
  smoothedMs: number | undefined,
  drawingNow: boolean,
): DisplayTriggers {
  if (smoothedMs === undefined) return triggers;
  let { slow, underline } = triggers;
  if (smoothedMs > SHOW_ABOVE_MS) slow = true;
  else if (smoothedMs < HIDE_BELOW_MS && !drawingNow) slow = false;
  if (smoothedMs > UNDERLINE_ABOVE_MS) underline = true;
  else if (smoothedMs < UNDERLINE_OFF_BELOW_MS) underline = false;
  return slow === triggers.slow && underline === triggers.underline ? triggers : { ...triggers, slow, underline };
}

/** A prediction has waited `ageMs` for its echo. */
export function notePendingAge(triggers: DisplayTriggers, ageMs: number): DisplayTriggers {
  if (ageMs >= GLITCH_UNDERLINE_MS && triggers.glitch < GLITCH_REPAIR_COUNT * 2) {
    return { ...triggers, glitch: GLITCH_REPAIR_COUNT * 2 };
  }
  if (ageMs >= GLITCH_MS && triggers.glitch < GLITCH_REPAIR_COUNT) return { ...triggers, glitch: GLITCH_REPAIR_COUNT };
  return triggers;
}

/** A prediction was confirmed `ageMs` after its keystroke. */
export function noteConfirmation(triggers: DisplayTriggers, ageMs: number, now: number): DisplayTriggers {
  if (ageMs >= GLITCH_MS || triggers.glitch === 0) return triggers;
  if (now - triggers.lastQuickConfirmation < GLITCH_REPAIR_INTERVAL_MS) return triggers;
  return { ...triggers, glitch: triggers.glitch - 1, lastQuickConfirmation: now };
}

export function shouldDraw(preference: DisplayPreference, triggers: DisplayTriggers): boolean {
  switch (preference) {
    case 'never':
      return false;
    case 'always':
      return true;
    case 'auto':
      return triggers.slow || triggers.glitch > 0;
  }
}

export function shouldUnderline(triggers: DisplayTriggers): boolean {
  return triggers.underline || triggers.glitch > GLITCH_REPAIR_COUNT;
}

// Self-protection: this many mispredictions shown within the window bench the predictor …
export const MISPREDICTION_LIMIT = 3;
export const MISPREDICTION_WINDOW_MS = 10_000;
// … for this long, doubling each time it happens again soon after, up to the cap.
export const SUSPEND_MS = 30_000;
export const SUSPEND_MAX_MS = 10 * 60_000;
/** A suspension this long after the last one ended starts again from `SUSPEND_MS`. */
export const SUSPEND_FORGET_MS = 10 * 60_000;

export type Protection =
  | {
      readonly kind: 'active';
      /** When recent mispredictions happened, oldest first, within the window. */
      readonly recent: readonly number[];
      /** Suspensions in a row; 0 once forgotten. */
      readonly strikes: number;
      /** When the last suspension ended. */
      readonly lastResumed: number;
    }
  | { readonly kind: 'suspended'; readonly until: number; readonly strikes: number };

export const INITIAL_PROTECTION: Protection = Object.freeze({
  kind: 'active',
  recent: Object.freeze([]) as readonly number[],
  strikes: 0,
  lastResumed: Number.NEGATIVE_INFINITY,
});

/** Lifts a suspension whose time is up. */
export function protectionAt(protection: Protection, now: number): Protection {
  if (protection.kind === 'suspended' && now >= protection.until) {
    return { kind: 'active', recent: [], strikes: protection.strikes, lastResumed: protection.until };
  }
  return protection;
}

/** The user saw a misprediction at `now`. */
export function noteMisprediction(protection: Protection, now: number): Protection {
  const current = protectionAt(protection, now);
  if (current.kind === 'suspended') return current;
  const recent = [...current.recent.filter((at) => now - at < MISPREDICTION_WINDOW_MS), now];
  if (recent.length < MISPREDICTION_LIMIT) return { ...current, recent };
  const strikes = now - current.lastResumed > SUSPEND_FORGET_MS ? 1 : current.strikes + 1;
  const duration = Math.min(SUSPEND_MS * 2 ** (strikes - 1), SUSPEND_MAX_MS);
  return { kind: 'suspended', until: now + duration, strikes };
}

/**
 * The indicator the tab shows, most important reason first. `measured` is whether any keystroke's echo has
 * been timed yet: before that, Auto does not know the echo is fast, only that it has not seen it slow.
 */
export function statusOf(
  preference: DisplayPreference,
  triggers: DisplayTriggers,
  protection: Protection,
  altScreen: boolean,
  measured = true,
): PredictorStatus {
  if (preference === 'never') return { kind: 'off' };
  if (altScreen) return { kind: 'altScreen' };
  if (protection.kind === 'suspended') return { kind: 'suspended', until: protection.until };
  if (shouldDraw(preference, triggers)) return { kind: 'showing' };
  return measured ? { kind: 'standby' } : { kind: 'measuring' };
}
