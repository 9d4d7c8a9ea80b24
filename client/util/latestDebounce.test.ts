import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestDebounce } from './latestDebounce.js';

describe('LatestDebounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('delivers only the last value of a burst, after the delay', () => {
    const seen: number[] = [];
    const debounce = new LatestDebounce<number>(50, (v) => seen.push(v));
    debounce.push(1);
    vi.advanceTimersByTime(30);
    debounce.push(2);
    vi.advanceTimersByTime(30);
    debounce.push(3);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(seen).toEqual([3]);
  });

  it('flush delivers at once and only once', () => {
    const seen: number[] = [];
    const debounce = new LatestDebounce<number>(50, (v) => seen.push(v));
    debounce.push(7);
    debounce.flush();
    debounce.flush();
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([7]);
  });

  it('dispose drops the waiting value', () => {
    const seen: number[] = [];
    const debounce = new LatestDebounce<number>(50, (v) => seen.push(v));
    debounce.push(7);
    debounce.dispose();
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([]);
  });
});
