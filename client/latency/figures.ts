// The three latency figures, what they are called, and when each counts as good, slow or bad.

/** browser ↔ longhaul (WebSocket ping), longhaul ↔ host (SSH keepalive), keystroke → echo (the predictor). */
export type Figure = 'browser' | 'host' | 'echo';

export const FIGURES: readonly Figure[] = ['browser', 'host', 'echo'];

export const FIGURE_LABELS: Readonly<Record<Figure, string>> = {
  browser: 'browser ↔ longhaul',
  host: 'longhaul ↔ host',
  echo: 'keystroke → echo',
};

export type Grade = 'good' | 'slow' | 'bad' | 'none';

export interface GradeThresholds {
  /** Below this is good. */
  goodBelowMs: number;
  /** Below this (and not good) is slow; anything else is bad. */
  slowBelowMs: number;
}

/**
 * 100 ms is about where typing stops feeling immediate, 300 ms where it feels broken. The page and the
 * bridge are usually on one machine or one LAN, so anything over 20 ms between them is worth a look.
 */
export const GRADE_THRESHOLDS: Readonly<Record<Figure, GradeThresholds>> = {
  browser: { goodBelowMs: 20, slowBelowMs: 300 },
  host: { goodBelowMs: 100, slowBelowMs: 300 },
  echo: { goodBelowMs: 100, slowBelowMs: 300 },
};

export function gradeOf(figure: Figure, ms: number | null): Grade {
  if (ms === null) return 'none';
  const { goodBelowMs, slowBelowMs } = GRADE_THRESHOLDS[figure];
  if (ms < goodBelowMs) return 'good';
  if (ms < slowBelowMs) return 'slow';
  return 'bad';
}
