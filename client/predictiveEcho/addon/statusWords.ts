// What the tab's bar says predictive echo is doing, in the user's words.
import type { PredictorStatus } from '../types.js';

export function predictionStatusText(status: PredictorStatus, now: number): string {
  switch (status.kind) {
    case 'showing':
      return 'showing typed keys at once';
    case 'standby':
      return 'standby: the echo is fast';
    case 'measuring':
      return 'measuring the echo';
    case 'off':
      return 'off';
    case 'altScreen':
      return 'paused: a full-screen program has the keys';
    case 'suspended': {
      const seconds = Math.max(1, Math.ceil((status.until - now) / 1000));
      return `paused for ${seconds} s: the host's echo kept differing from the prediction`;
    }
  }
}

/** A one-off notice when prediction suspends itself, so the user knows why typed keys lag again. */
export function suspendedNotice(status: PredictorStatus, now: number): string | null {
  if (status.kind !== 'suspended') return null;
  const seconds = Math.max(1, Math.round((status.until - now) / 1000));
  return `Predictive echo paused for ${seconds} s: it guessed wrong several times in a row. Keys still go to the host as usual.`;
}
