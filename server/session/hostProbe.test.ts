import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { HostProbe } from './hostProbe.js';

/** A host whose answers the test releases by hand. */
function scriptedHost() {
  const waiting: (() => void)[] = [];
  return {
    ping: () => new Promise<void>((resolve) => waiting.push(resolve)),
    answer: async () => {
      waiting.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    },
    get pending() {
      return waiting.length;
    },
  };
}

describe('HostProbe', () => {
  it('times each keepalive and sends the next after the interval, one at a time', async () => {
    const clock = new FakeClock();
    const host = scriptedHost();
    const events: (string | number)[] = [];
    const probe = new HostProbe(host.ping, { rtt: (ms) => events.push(ms), silence: (s) => events.push(`silent ${s}`) }, clock, 2000);
    probe.start();
    expect(host.pending).toBe(1);
    await clock.advanceSettling(250);
    await host.answer();
    expect(events).toEqual([250]);
    await clock.advanceSettling(1999);
    expect(host.pending).toBe(0);
    await clock.advanceSettling(1);
    expect(host.pending).toBe(1);
    await clock.advanceSettling(120);
    await host.answer();
    expect(events).toEqual([250, 120]);
    probe.dispose();
  });

  it('reports a silent host after 5 s, counts up every 5 s, never gives up, and says when it answers', async () => {
    const clock = new FakeClock();
    const host = scriptedHost();
    const events: (string | number)[] = [];
    const probe = new HostProbe(host.ping, { rtt: (ms) => events.push(ms), silence: (s) => events.push(`silent ${s}`) }, clock, 2000);
    probe.start();
    await clock.advanceSettling(4999);
    expect(events).toEqual([]);
    await clock.advanceSettling(1);
    expect(events).toEqual(['silent 5000']);
    await clock.advanceSettling(180_000); // three minutes, like de1
    expect(events.at(-1)).toBe('silent 185000');
    expect(host.pending).toBe(1); // still the one keepalive: no pile-up
    await host.answer();
    expect(events.slice(-2)).toEqual(['silent null', 185_000]);
    probe.dispose();
  });

  it('stops when disposed', async () => {
    const clock = new FakeClock();
    const host = scriptedHost();
    const events: unknown[] = [];
    const probe = new HostProbe(host.ping, { rtt: (ms) => events.push(ms), silence: (s) => events.push(s) }, clock);
    probe.start();
    probe.dispose();
    await host.answer();
    await clock.advanceSettling(60_000);
    expect(events).toEqual([]);
  });
});
