// The words the tab's bar and notices use for each predictor status.
import { describe, expect, it } from 'vitest';
import { predictionStatusText, suspendedNotice } from './statusWords.js';

describe('predictive echo status words', () => {
  it('names every status', () => {
    expect(predictionStatusText({ kind: 'showing' }, 0)).toBe('showing typed keys at once');
    expect(predictionStatusText({ kind: 'standby' }, 0)).toBe('standby: the echo is fast');
    expect(predictionStatusText({ kind: 'measuring' }, 0)).toBe('measuring the echo');
    expect(predictionStatusText({ kind: 'off' }, 0)).toBe('off');
    expect(predictionStatusText({ kind: 'altScreen' }, 0)).toMatch(/full-screen program/);
  });

  it('says how long a suspension lasts, rounding up', () => {
    expect(predictionStatusText({ kind: 'suspended', until: 30_000 }, 1_500)).toBe(
      "paused for 29 s: the host's echo kept differing from the prediction",
    );
    expect(suspendedNotice({ kind: 'suspended', until: 30_000 }, 0)).toMatch(/^Predictive echo paused for 30 s/);
    expect(suspendedNotice({ kind: 'showing' }, 0)).toBeNull();
  });
});
