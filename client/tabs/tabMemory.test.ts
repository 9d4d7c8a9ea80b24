import { describe, expect, it } from 'vitest';
import { MAX_RECENTLY_CLOSED, TabMemory, type KeyValueStore } from './tabMemory.js';

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
}

const tab = (n: number) => ({ sessionId: `s-${n}`, target: `host${n}`, title: `title ${n}` });

describe('TabMemory', () => {
  it('remembers the open tabs of this window, in order', () => {
    const memory = new TabMemory(new MapStore(), new MapStore());
    memory.rememberOpenTabs([tab(1), tab(2)]);
    expect(memory.openTabs()).toEqual([tab(1), tab(2)]);
  });

  it('remembers which history entry a tab shows above its shell, and drops a damaged one', () => {
    const store = new MapStore();
    const memory = new TabMemory(store, new MapStore());
    memory.rememberOpenTabs([{ ...tab(1), historyId: 42 }, tab(2)]);
    expect(memory.openTabs()).toEqual([{ ...tab(1), historyId: 42 }, tab(2)]);
    store.setItem('longhaul.openTabs', JSON.stringify([{ ...tab(3), historyId: 'x' }]));
    expect(memory.openTabs()).toEqual([tab(3)]);
  });

  it('remembers the host group a tab was opened with, and drops a damaged one', () => {
    const store = new MapStore();
    const memory = new TabMemory(store, new MapStore());
    memory.rememberOpenTabs([{ ...tab(1), group: 'web' }, tab(2)]);
    expect(memory.openTabs()).toEqual([{ ...tab(1), group: 'web' }, tab(2)]);
    store.setItem('longhaul.openTabs', JSON.stringify([{ ...tab(3), group: 7 }, { ...tab(4), group: 'x'.repeat(500) }]));
    expect(memory.openTabs()).toEqual([tab(3), tab(4)]);
  });

  it('lists closed tabs newest first, once each, and bounded', () => {
    let time = 0;
    const memory = new TabMemory(new MapStore(), new MapStore(), () => ++time);
    for (let n = 0; n < MAX_RECENTLY_CLOSED + 3; n++) memory.closed(tab(n));
    memory.closed(tab(5)); // closed again after a reopen: moves to the front, not listed twice
    const list = memory.recentlyClosed();
    expect(list).toHaveLength(MAX_RECENTLY_CLOSED);
    expect(list[0]).toMatchObject({ sessionId: 's-5' });
    expect(list.filter((c) => c.sessionId === 's-5')).toHaveLength(1);
  });

  it('takes the newest closed tab, or a chosen one, off the list', () => {
    const memory = new TabMemory(new MapStore(), new MapStore());
    memory.closed(tab(1));
    memory.closed(tab(2));
    memory.closed(tab(3));
    expect(memory.takeClosed()?.sessionId).toBe('s-3');
    expect(memory.takeClosed('s-1')?.sessionId).toBe('s-1');
    expect(memory.recentlyClosed().map((c) => c.sessionId)).toEqual(['s-2']);
    expect(memory.takeClosed('nope')).toBeUndefined();
  });

  it('shrugs off damaged or foreign data', () => {
    const store = new MapStore();
    store.setItem('longhaul.recentlyClosed', '{not json');
    store.setItem('longhaul.openTabs', JSON.stringify([{ sessionId: 1 }, tab(7), 'x']));
    const memory = new TabMemory(store, store);
    expect(memory.recentlyClosed()).toEqual([]);
    expect(memory.openTabs()).toEqual([tab(7)]);
  });

  it('keeps working when storage refuses writes', () => {
    const full: KeyValueStore = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const memory = new TabMemory(full, full);
    expect(() => memory.closed(tab(1))).not.toThrow();
  });
});
