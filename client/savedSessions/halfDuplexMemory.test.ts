import { describe, expect, it } from 'vitest';
import { HALF_DUPLEX_MEMORY_SIZE, HalfDuplexMemory } from './halfDuplexMemory.js';

function storage() {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

describe('HalfDuplexMemory', () => {
  it('remembers which shells had half-duplex on, and forgets one switched off', () => {
    const store = storage();
    const memory = new HalfDuplexMemory(store);
    memory.remember('s-1', true);
    memory.remember('s-2', true);
    memory.remember('s-2', false);
    // A second page (a reload) reads the same.
    const again = new HalfDuplexMemory(store);
    expect(again.wasOn('s-1')).toBe(true);
    expect(again.wasOn('s-2')).toBeUndefined();
    expect(again.wasOn(undefined)).toBeUndefined();
  });

  it('stays bounded, forgetting the oldest, and copes with no storage or garbage in it', () => {
    const store = storage();
    const memory = new HalfDuplexMemory(store);
    for (let i = 0; i <= HALF_DUPLEX_MEMORY_SIZE; i++) memory.remember(`s-${i}`, true);
    expect(memory.wasOn('s-0')).toBeUndefined();
    expect(memory.wasOn(`s-${HALF_DUPLEX_MEMORY_SIZE}`)).toBe(true);
    store.items.set('longhaul.halfDuplexSessions', '{not json');
    expect(memory.wasOn('s-5')).toBeUndefined();
    const none = new HalfDuplexMemory(null);
    none.remember('s-1', true);
    expect(none.wasOn('s-1')).toBeUndefined();
  });
});
