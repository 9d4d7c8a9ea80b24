import { describe, expect, it } from 'vitest';
import { closedAtText, historyDivider, historyEntryFor, historyEntryText, ranForText } from './history.js';

const at = (h: number, m: number, day = 10) => new Date(2025, 2, day, h, m).getTime();

describe('history', () => {
  it('says how long a session ran, so entries closed at the same minute differ', () => {
    expect(ranForText(0, 35_000)).toBe('ran 35 s');
    expect(ranForText(0, 42 * 60_000)).toBe('ran 42 min');
    expect(ranForText(0, (3 * 60 + 5) * 60_000)).toBe('ran 3 h 5 min');
    expect(ranForText(undefined, 1)).toBe('');
    const now = new Date(at(18, 0));
    expect(historyEntryText({ title: 'de1', target: 'de1', startedAt: at(7, 16), closedAt: at(7, 58), endMessage: 'logout' }, now)).toBe(
      ' · closed at 07:58, ran 42 min (logout)',
    );
    expect(historyEntryText({ title: 'top', target: 'de1', closedAt: at(7, 58) }, now)).toBe(' · de1 · closed at 07:58');
  });

  it('says when a session closed: the time today, the date on other days', () => {
    const now = new Date(at(18, 0));
    expect(closedAtText(at(14, 32), now)).toBe('14:32');
    expect(closedAtText(at(9, 5, 3), now)).toBe('3 Mar 09:05');
  });

  it('draws a divider as wide as the terminal (at most 100 columns)', () => {
    const line = historyDivider(at(14, 32), 80, new Date(at(18, 0)));
    expect(line).toMatch(/^─+ closed at 14:32 · new shell ─+$/);
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line.length).toBeGreaterThan(76);
    expect(historyDivider(at(14, 32), 400, new Date(at(18, 0))).length).toBeLessThanOrEqual(100);
    expect(historyDivider(at(14, 32), 10, new Date(at(18, 0)))).toMatch(/^── closed/);
  });

  it('finds the history entry of a live session a tab was attached to', () => {
    const history = [{ id: 2, liveSessionId: 'b' }, { id: 1, liveSessionId: 'a' }, { id: 0 }];
    expect(historyEntryFor(history, 'a')?.id).toBe(1);
    expect(historyEntryFor(history, 'c')).toBeUndefined();
  });
});
