// Keystrokes as numbered input frames: each byte has an offset, so a frame sent again is written only once.
import { encodeFrame, FrameType, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';

/** Frames for `bytes` starting at `offset`, none with a payload larger than `maxPayload`. */
export function inputFrames(offset: number, bytes: Uint8Array, maxPayload = MAX_FRAME_PAYLOAD_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let start = 0; start < bytes.byteLength; start += maxPayload) {
    frames.push(encodeFrame(FrameType.Input, offset + start, bytes.subarray(start, start + maxPayload)));
  }
  return frames;
}
