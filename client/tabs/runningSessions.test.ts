import { describe, expect, it } from 'vitest';
import type { LiveSessionSummary } from '../../shared/savedSessions.js';
import { ageText, runningHeading, stillRunning, unshownShells } from './runningSessions.js';

const live = (id: string, attached: boolean, startedAt: number, detachedAt?: number): LiveSessionSummary => ({
  id,
  target: 'de1',
  attached,
  startedAt,
  lastLine: '$',
  ...(detachedAt !== undefined ? { detachedAt } : {}),
});

describe('stillRunning', () => {
  it('keeps only the closed tabs whose shells longhaul still has', () => {
    const closed = [
      { sessionId: 'a', target: 'de1', title: 'de1', closedAt: 3 },
      { sessionId: 'ended', target: 'de1', title: 'de1', closedAt: 2 },
    ];
    expect(stillRunning(closed, [live('a', false, 1, 3)])).toEqual([closed[0]]);
    expect(stillRunning(closed, [])).toEqual([]);
  });
});

describe('unshownShells', () => {
  it('lists detached shells not held by this page, most recently let go first', () => {
    const list = [live('shown', true, 1), live('old', false, 1, 10), live('mine', false, 1, 30), live('new', false, 1, 20), live('never', false, 15)];
    expect(unshownShells(list, new Set(['mine'])).map((s) => s.id)).toEqual(['new', 'never', 'old']);
  });
});

describe('words', () => {
  it('counts shells', () => {
    expect(runningHeading(1)).toMatch(/^Running on longhaul: 1 shell,/);
    expect(runningHeading(10)).toMatch(/^Running on longhaul: 10 shells,/);
  });

  it('says an age at a useful grain', () => {
    expect(ageText(12_400)).toBe('12 s');
    expect(ageText(5 * 60_000 + 1)).toBe('5 min');
    expect(ageText(200 * 60_000)).toBe('3 h 20 min');
    expect(ageText(3 * 3_600_000)).toBe('3 h');
    expect(ageText(50 * 3_600_000)).toBe('2 days');
  });
});
