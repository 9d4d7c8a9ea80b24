import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { PING_INTERVAL_MS, PING_LOST_AFTER_MS, PingScheduler } from './pingScheduler.js';

function setup() {
  const clock = new FakeClock(1_000);
  const sent: number[] = [];
  const events: (number | 'lost')[] = [];
  const pinger = new PingScheduler((id) => sent.push(id), { answered: (ms) => events.push(ms), lost: () => events.push('lost') }, clock);
  return { clock, sent, events, pinger };
}

describe('PingScheduler', () => {
  it('pings at once when started, then every 2 s', () => {
    const { clock, sent, pinger } = setup();
    pinger.start();
    expect(sent).toEqual([1]);
    clock.advance(PING_INTERVAL_MS - 1);
    expect(sent).toEqual([1]);
    clock.advance(1);
    expect(sent).toEqual([1, 2]);
    clock.advance(3 * PING_INTERVAL_MS);
    expect(sent).toEqual([1, 2, 3, 4, 5]);
  });

  it('times each pong against its own ping', () => {
    const { clock, events, pinger } = setup();
    pinger.start();
    clock.advance(0.5);
    pinger.pong(1);
    clock.advance(PING_INTERVAL_MS - 0.5); // ping 2 goes out
    clock.advance(3);
    pinger.pong(2);
    expect(events).toEqual([0.5, 3]);
  });

  it('ignores a second pong, and one for a ping it never sent', () => {
    const { clock, events, pinger } = setup();
    pinger.start();
    clock.advance(1);
    pinger.pong(1);
    pinger.pong(1);
    pinger.pong(99);
    expect(events).toEqual([1]);
  });

  it('counts an unanswered ping as lost — once, and never as a huge sample', () => {
    const { clock, events, pinger } = setup();
    pinger.start();
    clock.advance(PING_LOST_AFTER_MS); // pings 1…6 sent; ping 1 is now 10 s old
    expect(events).toEqual(['lost']);
    pinger.pong(1); // too late: already counted lost
    pinger.pong(2); // 8 s late, but not lost yet
    expect(events).toEqual(['lost', 8_000]);
  });

  it('keeps counting losses while the bridge does not answer, and recovers when it does', () => {
    const { clock, events, sent, pinger } = setup();
    pinger.start();
    clock.advance(PING_LOST_AFTER_MS + 3 * PING_INTERVAL_MS);
    expect(events).toEqual(['lost', 'lost', 'lost', 'lost']);
    clock.advance(0.5);
    pinger.pong(sent.at(-1)!);
    expect(events.at(-1)).toBe(0.5);
  });

  it('stops when the connection goes, forgetting pings in flight', () => {
    const { clock, sent, events, pinger } = setup();
    pinger.start();
    pinger.stop();
    expect(pinger.running).toBe(false);
    expect(clock.timerCount).toBe(0);
    clock.advance(PING_LOST_AFTER_MS * 2);
    expect(sent).toEqual([1]);
    expect(events).toEqual([]);
    pinger.pong(1);
    expect(events).toEqual([]);
  });

  it('starts again after a stop with fresh ids, and a second start while running does nothing', () => {
    const { sent, pinger } = setup();
    pinger.start();
    pinger.start();
    pinger.stop();
    pinger.start();
    expect(sent).toEqual([1, 2]);
    pinger.dispose();
    pinger.dispose();
  });
});
