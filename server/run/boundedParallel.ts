// Runs a task per item with at most `limit` running at once, in the items' order, as `xargs -P` does.

/**
 * Start `task` for each item, never more than `limit` unfinished at a time; a finished one makes room for the next.
 * Resolves once every started task has settled. After `shouldStop()` turns true no new task starts.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of 1 or more, not ${limit}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const index = next++;
      // A task that throws is its own business: the others carry on.
      await task(items[index]!, index).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
