import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { AckPacer } from './backgroundPacer.js';

const KIB = 1024;

function pacer(bytesPerSecond = 1024 * KIB) {
  const clock = new FakeClock(0);
  const sent: { offset: number; at: number }[] = [];
  const send = (offset: number) => sent.push({ offset, at: clock.now() });
  return { clock, sent, send, acks: new AckPacer(clock, bytesPerSecond) };
}

describe('acknowledgements of a tab', () => {
  it('go at once in the foreground', () => {
    const { acks, sent, send } = pacer();
    for (const offset of [64, 128, 192]) acks.offer(offset * KIB, false, send);
    expect(sent).toEqual([64, 128, 192].map((k) => ({ offset: k * KIB, at: 0 })));
  });

  it('go no faster than the background rate in the background, and the last one goes when its turn comes', () => {
    const { acks, sent, send, clock } = pacer();
    acks.offer(64 * KIB, true, send); // the first goes at once: there is no rate to keep yet
    acks.offer(128 * KIB, true, send);
    acks.offer(576 * KIB, true, send);
    expect(sent).toEqual([{ offset: 64 * KIB, at: 0 }]);
    clock.advance(499);
    expect(sent.at(-1)!.offset).toBeLessThan(576 * KIB);
    clock.advance(1); // 512 KiB more at 1 MiB/s: half a second
    expect(sent.at(-1)).toEqual({ offset: 576 * KIB, at: 500 });
    for (let i = 1; i < sent.length; i++) {
      expect(sent[i]!.offset - sent[i - 1]!.offset).toBeLessThanOrEqual(((sent[i]!.at - sent[i - 1]!.at) / 1000) * 1024 * KIB);
    }
    expect(clock.timerCount).toBe(0);
  });

  it('keep a whole second of output to 1 MiB however it is cut, and keep it flowing', () => {
    const { acks, sent, send, clock } = pacer();
    let offset = 0;
    for (let ms = 0; ms < 3000; ms += 5) {
      offset += 32 * KIB; // output arriving far faster than the rate
      acks.offer(offset, true, send);
      clock.advance(5);
    }
    const upTo = (ms: number) => sent.filter((s) => s.at <= ms).at(-1)!.offset;
    const lastSecond = upTo(3000) - upTo(2000);
    expect(lastSecond).toBeLessThanOrEqual(1024 * KIB);
    expect(lastSecond).toBeGreaterThan(900 * KIB);
  });

  it('send what waits as soon as the tab comes to the front', () => {
    const { acks, sent, send, clock } = pacer();
    acks.offer(64 * KIB, true, send);
    acks.offer(1024 * KIB, true, send);
    clock.advance(10);
    acks.foreground();
    expect(sent.at(-1)).toEqual({ offset: 1024 * KIB, at: 10 });
    expect(clock.timerCount).toBe(0);
    acks.offer(1100 * KIB, false, send);
    expect(sent.at(-1)).toEqual({ offset: 1100 * KIB, at: 10 });
  });

  it('send nothing once their stream is gone', () => {
    const { acks, sent, send, clock } = pacer();
    acks.offer(64 * KIB, true, send);
    acks.offer(128 * KIB, true, send);
    acks.dispose();
    clock.advance(10_000);
    acks.foreground();
    expect(sent).toHaveLength(1);
  });
});
