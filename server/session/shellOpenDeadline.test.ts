import { describe, expect, it } from 'vitest';
import { MIN_SHELL_OPEN_WAIT_MS, rememberRtt, RTT_SAMPLES_KEPT, SHELL_OPEN_ROUND_TRIPS, shellOpenDeadlineMs } from './shellOpenDeadline.js';

describe('shellOpenDeadlineMs', () => {
  it('is at least the minimum, measured or not', () => {
    expect(shellOpenDeadlineMs([])).toBe(MIN_SHELL_OPEN_WAIT_MS);
    expect(shellOpenDeadlineMs([250, 260])).toBe(MIN_SHELL_OPEN_WAIT_MS);
    expect(shellOpenDeadlineMs([], 2_000)).toBe(2_000);
  });

  it('grows with the recent round trips on a slow link', () => {
    expect(shellOpenDeadlineMs([2_900, 3_000, 3_200])).toBe(SHELL_OPEN_ROUND_TRIPS * 3_000);
  });

  it('is not stretched by the one answer that ended a silence', () => {
    expect(shellOpenDeadlineMs([250, 260, 60_000, 255])).toBe(MIN_SHELL_OPEN_WAIT_MS);
  });
});

describe('rememberRtt', () => {
  it('keeps only the newest samples', () => {
    const samples: number[] = [];
    for (let i = 1; i <= RTT_SAMPLES_KEPT + 3; i++) rememberRtt(samples, i);
    expect(samples).toEqual(Array.from({ length: RTT_SAMPLES_KEPT }, (_, i) => i + 4));
  });
});
