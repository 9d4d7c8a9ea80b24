// Progress in words, as the tab's bar shows it.
import { describe, expect, it } from 'vitest';
import { progressWords, shareDone } from './transferProgress.js';

describe('a transfer’s progress', () => {
  it('says how much, and once a second has passed how fast and how long is left', () => {
    expect(progressWords({ sent: 512, total: 2048, elapsedMs: 200 })).toBe('512 B of 2 KiB');
    expect(progressWords({ sent: 4 * 1024 * 1024, total: 16 * 1024 * 1024, elapsedMs: 2000 })).toBe('4.0 MiB of 16.0 MiB · 2.0 MiB/s · 6 s left');
    expect(shareDone({ sent: 0, total: 0, elapsedMs: 0 })).toBe(1);
    expect(shareDone({ sent: 5, total: 10, elapsedMs: 0 })).toBe(0.5);
  });
});
