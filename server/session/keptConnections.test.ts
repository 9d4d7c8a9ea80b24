// KeptConnections' schedule with time faked: made at once, again after a drop, with backoff after failures.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { KeptConnections, type KeptRoute } from './keptConnections.js';

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function route(key: string, outcomes: Array<'up' | 'fail'>, tries: number[], clock: FakeClock): KeptRoute {
  return {
    key,
    label: key,
    connect: async () => {
      tries.push(clock.time);
      if ((outcomes.shift() ?? 'up') === 'fail') throw new Error(`${key} refused`);
    },
  };
}

describe('KeptConnections', () => {
  it('connects at once, and after failures tries again with backoff, saying why once', async () => {
    const clock = new FakeClock();
    const failures: string[] = [];
    const kept = new KeptConnections(clock, (label, error) => failures.push(`${label}: ${error.message}`));
    const tries: number[] = [];
    kept.set([route('de1', ['fail', 'fail', 'fail', 'up'], tries, clock)]);
    await clock.advanceSettling(10_000, settle);
    expect(tries).toEqual([0, 500, 1500, 3500]);
    expect(failures).toEqual(['de1: de1 refused']);
  });

  it('makes a dropped connection again at once', async () => {
    const clock = new FakeClock();
    const kept = new KeptConnections(clock);
    const tries: number[] = [];
    kept.set([route('de1', [], tries, clock)]);
    await clock.advanceSettling(1_000, settle);
    kept.lost('de1');
    await clock.advanceSettling(0, settle);
    expect(tries).toEqual([0, 1_000]);
  });

  it('lets go of routes no longer listed, and never tries them again', async () => {
    const clock = new FakeClock();
    const kept = new KeptConnections(clock);
    const tries: number[] = [];
    kept.set([route('de1', ['fail', 'fail'], tries, clock), route('ns1', [], [], clock)]);
    await clock.advanceSettling(0, settle);
    expect(kept.set([route('ns1', [], [], clock)])).toEqual(['de1']);
    expect(kept.has('de1')).toBe(false);
    kept.lost('de1');
    await clock.advanceSettling(60_000, settle);
    expect(tries).toEqual([0]);
  });
});
