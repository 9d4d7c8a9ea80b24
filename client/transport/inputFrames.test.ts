import { describe, expect, it } from 'vitest';
import { decodeFrame, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';
import { inputFrames } from './inputFrames.js';

function decoded(frame: Uint8Array) {
  const result = decodeFrame(frame);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

describe('inputFrames', () => {
  it('splits a large paste into frames that fit', () => {
    const big = new Uint8Array(MAX_FRAME_PAYLOAD_BYTES * 2 + 10).map((_, i) => i % 251);
    const frames = inputFrames(100, big).map(decoded);
    expect(frames.map((f) => [f.offset, f.payload.byteLength])).toEqual([
      [100, MAX_FRAME_PAYLOAD_BYTES],
      [100 + MAX_FRAME_PAYLOAD_BYTES, MAX_FRAME_PAYLOAD_BYTES],
      [100 + 2 * MAX_FRAME_PAYLOAD_BYTES, 10],
    ]);
    const joined = new Uint8Array(big.byteLength);
    for (const f of frames) joined.set(f.payload, f.offset - 100);
    expect(Buffer.from(joined).equals(Buffer.from(big))).toBe(true);
  });

  it('sends nothing for nothing', () => {
    expect(inputFrames(0, new Uint8Array(0))).toEqual([]);
  });
});
