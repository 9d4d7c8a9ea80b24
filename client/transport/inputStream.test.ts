import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameType, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';
import { binaryBytes, InputStream, inputFrames, textBytes } from './inputStream.js';

function decoded(frame: Uint8Array) {
  const result = decodeFrame(frame);
  if (!result.ok) throw new Error(result.error);
  return result.frame;
}

describe('input bytes', () => {
  it('sends text as UTF-8', () => {
    expect([...textBytes('é東')]).toEqual([0xc3, 0xa9, 0xe6, 0x9d, 0xb1]);
  });
  it('sends binary strings one byte per character', () => {
    expect([...binaryBytes('\x1b[M\xff\x80')]).toEqual([0x1b, 0x5b, 0x4d, 0xff, 0x80]);
  });
});

describe('InputStream', () => {
  it('numbers bytes, not frames', () => {
    const stream = new InputStream();
    const [a] = stream.frames(textBytes('ls'));
    const [b] = stream.frames(textBytes('東'));
    expect(decoded(a!)).toMatchObject({ type: FrameType.Input, offset: 0 });
    expect(decoded(b!)).toMatchObject({ type: FrameType.Input, offset: 2 });
    expect(stream.offset).toBe(5);
  });

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
