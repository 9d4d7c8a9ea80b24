import { describe, expect, it } from 'vitest';
import { addEchoSample, NO_ECHO_TIMES, RECENT_SAMPLES } from './rttEstimator.js';

describe('addEchoSample', () => {
  it('starts from the first sample', () => {
    const times = addEchoSample(NO_ECHO_TIMES, 200);
    expect(times).toEqual({ smoothed: 200, deviation: 100, recent: [200], count: 1 });
  });

  it('moves an eighth of the way to each new sample', () => {
    const times = addEchoSample(addEchoSample(NO_ECHO_TIMES, 200), 120);
    expect(times.smoothed).toBe(190);
    expect(times.deviation).toBe(0.75 * 100 + 0.25 * 80);
  });

  it('settles on a steady echo time', () => {
    let times = addEchoSample(NO_ECHO_TIMES, 10);
    for (let i = 0; i < 100; i++) times = addEchoSample(times, 250);
    expect(times.smoothed).toBeCloseTo(250, 3);
    expect(times.count).toBe(101);
  });

  it('keeps only the latest samples', () => {
    let times = NO_ECHO_TIMES;
    for (let i = 0; i < RECENT_SAMPLES + 5; i++) times = addEchoSample(times, i);
    expect(times.recent).toHaveLength(RECENT_SAMPLES);
    expect(times.recent[0]).toBe(5);
  });

  it('does not take negative times', () => {
    expect(addEchoSample(NO_ECHO_TIMES, -3).smoothed).toBe(0);
  });
});
