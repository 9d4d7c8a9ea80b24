// The tmux server gate: holders one at a time in the order they asked, each bounded from when its turn comes.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { TmuxServerGate } from './tmuxServerGate.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TmuxServerGate', () => {
  it('lets holders in one at a time, in the order they asked', async () => {
    const gate = new TmuxServerGate(new FakeClock(), 1_000);
    const order: string[] = [];
    const first = await gate.enter();
    const second = gate.enter().then((release) => (order.push('second'), release));
    const third = gate.enter().then((release) => (order.push('third'), release));
    await settle();
    expect(order).toEqual([]);
    first();
    await settle();
    expect(order).toEqual(['second']);
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    // Free again: the next one gets in at once, and releasing twice changes nothing.
    first();
    const fourth = await gate.enter();
    fourth();
  });

  it('lets the next one in once a holder has kept it past its bound, counted from its turn', async () => {
    const clock = new FakeClock();
    const gate = new TmuxServerGate(clock, 1_000);
    const first = await gate.enter();
    let secondIn = false;
    let thirdIn = false;
    void gate.enter().then(() => (secondIn = true));
    void gate.enter().then(() => (thirdIn = true));
    await clock.advanceSettling(600, settle);
    first();
    await settle();
    expect(secondIn).toBe(true);
    // The second holder never releases: the third waits its whole bound from when the second got in.
    await clock.advanceSettling(999, settle);
    expect(thirdIn).toBe(false);
    await clock.advanceSettling(1, settle);
    expect(thirdIn).toBe(true);
  });
});
