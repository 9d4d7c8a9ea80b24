import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable.js';

describe('DisposableStore', () => {
  it('releases newest first, once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(toDisposable(() => order.push('b')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['b', 'a']);
  });

  it('releases at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let released = 0;
    store.add(toDisposable(() => released++));
    expect(released).toBe(1);
  });
});
