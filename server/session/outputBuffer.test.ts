import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OutputBuffer } from './outputBuffer.js';

const text = (chunks: Buffer[] | undefined) => (chunks ? Buffer.concat(chunks).toString() : undefined);

describe('OutputBuffer', () => {
  it('replays from any offset it still holds', () => {
    const buffer = new OutputBuffer(100);
    buffer.append(Buffer.from('hello '));
    buffer.append(Buffer.from('world'));
    expect(buffer.end).toBe(11);
    expect(text(buffer.since(0))).toBe('hello world');
    expect(text(buffer.since(3))).toBe('lo world');
    expect(text(buffer.since(6))).toBe('world');
    expect(text(buffer.since(11))).toBe('');
    expect(buffer.since(12)).toBeUndefined();
  });

  it('forgets the oldest bytes beyond its capacity, and says so', () => {
    const buffer = new OutputBuffer(8);
    buffer.append(Buffer.from('abcdef'));
    buffer.append(Buffer.from('ghijkl'));
    expect(buffer.startOffset).toBe(4);
    expect(buffer.since(3)).toBeUndefined();
    expect(text(buffer.since(4))).toBe('efghijkl');
  });

  it('starts a replay after a line break once the stream start is gone', () => {
    const buffer = new OutputBuffer(10);
    buffer.append(Buffer.from('first line\nsecond\n'));
    expect(buffer.startOffset).toBe(8);
    expect(buffer.replayStart()).toBe(11);
    expect(buffer.text()).toBe('second\n');
  });

  it('holds exactly the last `capacity` bytes of any stream', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 40 }), fc.integer({ min: 1, max: 120 }), (chunks, capacity) => {
        const buffer = new OutputBuffer(capacity);
        for (const chunk of chunks) buffer.append(Buffer.from(chunk));
        const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
        expect(buffer.end).toBe(all.byteLength);
        const held = Buffer.concat(buffer.since(buffer.startOffset)!);
        expect(held.equals(all.subarray(Math.max(0, all.byteLength - capacity)))).toBe(true);
      }),
    );
  });
});
