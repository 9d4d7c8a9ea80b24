import { describe, expect, it } from 'vitest';
import { MIN_SHELL_OPEN_WAIT_MS, rememberRtt, RTT_SAMPLES_KEPT, SHELL_OPEN_ROUND_TRIPS, shellOpenDeadlineMs } from './shellOpenDeadline.js';

describe('shellOpenDeadlineMs', () => {
  it('is at least the minimum, measured or not', () => {
    expect(shellOpenDeadlineMs([])).toBe(MIN_SHELL_OPEN_WAIT_MS);
    expect(shellOpenDeadlineMs([250, 260])).toBe(MIN_SHELL_OPEN_WAIT_MS);
    expect(shellOpenDeadlineMs([], 2_000)).toBe(2_000);
  });

  it('grows with the slowest recent round trip on a slow link', () => {
    expect(shellOpenDeadlineMs([900, 3_000, 1_200])).toBe(SHELL_OPEN_ROUND_TRIPS * 3_000);
  });
});

describe('rememberRtt', () => {
  it('keeps only the newest samples', () => {
    const samples: number[] = [];
    for (let i = 1; i <= RTT_SAMPLES_KEPT + 3; i++) rememberRtt(samples, i);
    expect(samples).toEqual(Array.from({ length: RTT_SAMPLES_KEPT }, (_, i) => i + 4));
  });
});
