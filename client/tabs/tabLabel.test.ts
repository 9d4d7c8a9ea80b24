import { describe, expect, it } from 'vitest';
import { tabLabel, tabNumber, tabTooltip } from './tabLabel.js';

describe('tabNumber', () => {
  it('numbers the first eight tabs 1–8 and the last one 9, as Alt+N reaches them', () => {
    expect([0, 1, 2].map((i) => tabNumber(i, 3))).toEqual([1, 2, 3]);
    expect(Array.from({ length: 10 }, (_, i) => tabNumber(i, 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, null, 9]);
    expect(Array.from({ length: 9 }, (_, i) => tabNumber(i, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('tabLabel', () => {
  it('puts the host first, and the title the shell set after it', () => {
    expect(tabLabel({ target: 'de1', title: 'longhaul-test@host: ~' })).toEqual({ name: 'de1', title: 'longhaul-test@host: ~' });
  });

  it('puts a saved session\'s label first', () => {
    expect(tabLabel({ target: 'de1', title: 'vim notes', savedLabel: 'NS1' })).toEqual({ name: 'NS1', title: 'vim notes' });
  });

  it('says a name once when the title is only the target', () => {
    expect(tabLabel({ target: 'de1', title: 'de1' })).toEqual({ name: 'de1', title: '' });
    expect(tabLabel({ title: 'New tab' })).toEqual({ name: 'New tab', title: '' });
  });

  it('tells ten tabs to the same shell title apart by their hosts', () => {
    const names = Array.from({ length: 10 }, (_, i) => tabLabel({ target: `de${i + 1}`, title: 'longhaul-test@host: ~' }).name);
    expect(new Set(names).size).toBe(10);
  });
});

describe('tabTooltip', () => {
  it('says everything in full: names, what the tab is doing and its shortcut', () => {
    const label = tabLabel({ target: 'de1', title: 'longhaul-test@host: ~' });
    expect(tabTooltip(label, 'de1', 3, ['de1: no reply for 12 s'])).toBe('de1 — longhaul-test@host: ~\nde1: no reply for 12 s\nAlt+3');
    expect(tabTooltip(tabLabel({ target: 'de1', title: 'x', savedLabel: 'NS1' }), 'de1', null, [])).toBe('NS1 — de1 — x');
  });
});
