import { describe, expect, it } from 'vitest';
import { formatMs, formatSilence, formatTick, silenceText } from './format.js';
import { msUntilNextSecond, silentForAt } from './silence.js';

describe('formatMs', () => {
  it('says "—" until there is a value', () => {
    expect(formatMs(null)).toBe('—');
  });

  it('keeps a tenth of a millisecond for loopback times, whole ms above 10, seconds above one', () => {
    expect(formatMs(0.42)).toBe('0.4 ms');
    expect(formatMs(9.94)).toBe('9.9 ms');
    expect(formatMs(9.96)).toBe('10 ms');
    expect(formatMs(250.6)).toBe('251 ms');
    expect(formatMs(999.4)).toBe('999 ms');
    expect(formatMs(1_260)).toBe('1.3 s');
    expect(formatMs(12_400)).toBe('12 s');
  });
});

describe('formatTick', () => {
  it('labels the waterfall axis with round numbers', () => {
    expect([0, 0.5, 200, 1_000, 1_500, 3_000].map(formatTick)).toEqual(['0', '0.5 ms', '200 ms', '1 s', '1.5 s', '3 s']);
  });
});

describe('the silent-host count', () => {
  it('counts whole seconds, then minutes', () => {
    expect(formatSilence(5_000)).toBe('5 s');
    expect(formatSilence(12_999)).toBe('12 s');
    expect(formatSilence(185_000)).toBe('3 min 5 s');
    expect(formatSilence(3_840_000)).toBe('1 h 4 min');
  });

  it('names the target as typed', () => {
    expect(silenceText('de1', 12_300)).toBe('de1: no reply for 12 s');
  });

  it('counts on from the last report, and re-syncs on the next', () => {
    const report = { silentForMs: 5_000, receivedAtMs: 100_000 };
    expect(silentForAt(report, 100_000)).toBe(5_000);
    expect(silentForAt(report, 107_250)).toBe(12_250);
    // A clock that went backwards never makes the count go down below the report.
    expect(silentForAt(report, 99_000)).toBe(5_000);
  });

  it('redraws exactly as the next second is reached', () => {
    expect(msUntilNextSecond(5_000)).toBe(1_000);
    expect(msUntilNextSecond(12_250)).toBe(750);
  });
});
