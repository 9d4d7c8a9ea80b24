// Keystrokes as numbered input frames: each byte has an offset, so a frame sent again is written only once.
import { encodeFrame, FrameType, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';

const utf8 = new TextEncoder();

/** What `term.onData` gives: text, sent as UTF-8. */
export function textBytes(data: string): Uint8Array {
  return utf8.encode(data);
}

/** What `term.onBinary` gives: one byte per character (e.g. legacy mouse reports), sent as is. */
export function binaryBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}

/** Frames for `bytes` starting at `offset`, none with a payload larger than `maxPayload`. */
export function inputFrames(offset: number, bytes: Uint8Array, maxPayload = MAX_FRAME_PAYLOAD_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let start = 0; start < bytes.byteLength; start += maxPayload) {
    frames.push(encodeFrame(FrameType.Input, offset + start, bytes.subarray(start, start + maxPayload)));
  }
  return frames;
}

/** The tab's input stream: numbers bytes in the order they are typed. */
export class InputStream {
  private nextOffset = 0;

  get offset(): number {
    return this.nextOffset;
  }

  frames(bytes: Uint8Array, maxPayload = MAX_FRAME_PAYLOAD_BYTES): Uint8Array[] {
    const frames = inputFrames(this.nextOffset, bytes, maxPayload);
    this.nextOffset += bytes.byteLength;
    return frames;
  }
}
