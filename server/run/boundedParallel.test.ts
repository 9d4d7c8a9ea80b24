// How many tasks run at once: never more than the limit, the next started as one finishes.
import { describe, expect, it } from 'vitest';
import { forEachBounded } from './boundedParallel.js';

/** Tasks that finish only when the test says, so how many run at once can be read at every step. */
function controlledTasks() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const finishers = new Map<number, () => void>();
  const task = (_item: number, index: number) =>
    new Promise<void>((resolve) => {
      running++;
      most = Math.max(most, running);
      started.push(index);
      finishers.set(index, () => {
        running--;
        resolve();
      });
    });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { task, started, finish: (index: number) => finishers.get(index)!(), settle, running: () => running, most: () => most };
}

describe('forEachBounded', () => {
  it('never runs more than the limit at once, and starts the next as soon as one finishes', async () => {
    const t = controlledTasks();
    const all = forEachBounded(Array.from({ length: 50 }, (_, i) => i), 16, t.task);
    await t.settle();
    expect(t.started).toEqual(Array.from({ length: 16 }, (_, i) => i));
    t.finish(3);
    await t.settle();
    expect(t.started).toHaveLength(17);
    expect(t.running()).toBe(16);
    for (let i = 0; i < 50; i++) {
      if (i !== 3) {
        await t.settle();
        t.finish(i);
      }
    }
    await all;
    expect(t.most()).toBe(16);
    expect(t.started).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('runs fewer tasks than the limit all at once', async () => {
    const t = controlledTasks();
    const all = forEachBounded([1, 2, 3], 16, t.task);
    await t.settle();
    expect(t.running()).toBe(3);
    [0, 1, 2].forEach(t.finish);
    await all;
  });

  it('carries on past a task that fails', async () => {
    const done: number[] = [];
    await forEachBounded([1, 2, 3], 1, async (item) => {
      if (item === 2) throw new Error('boom');
      done.push(item);
    });
    expect(done).toEqual([1, 3]);
  });

  it('starts nothing more once told to stop', async () => {
    const done: number[] = [];
    let stop = false;
    await forEachBounded(
      [1, 2, 3, 4],
      2,
      async (item) => {
        done.push(item);
        await Promise.resolve();
        stop = true;
      },
      () => stop,
    );
    expect(done).toEqual([1, 2]);
  });

  it('refuses a limit below one', async () => {
    await expect(forEachBounded([1], 0, async () => {})).rejects.toThrow(/limit must be a whole number/);
  });
});
