// Binary frames for terminal bytes: a 9-byte header (type, 64-bit byte offset) and the bytes themselves.
import { MAX_BINARY_FRAME_BYTES } from './protocol.js';

/**
 * Output: bytes from the host; `offset` is the position of the first byte in the session's output stream.
 * Input: keystrokes from the page; `offset` is the position of the first byte in the tab's input stream,
 * so a frame sent again after a reconnect is recognised and written to the host only once.
 */
export const FrameType = { Output: 1, Input: 2 } as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

export const FRAME_HEADER_BYTES = 9;
/** Largest payload that fits a frame. */
export const MAX_FRAME_PAYLOAD_BYTES = MAX_BINARY_FRAME_BYTES - FRAME_HEADER_BYTES;

export interface Frame {
  type: FrameType;
  offset: number;
  payload: Uint8Array;
}

const TWO_TO_32 = 2 ** 32;

export function encodeFrame(type: FrameType, offset: number, payload: Uint8Array): Uint8Array {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`bad frame offset ${offset}`);
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, type);
  view.setUint32(1, Math.floor(offset / TWO_TO_32));
  view.setUint32(5, offset % TWO_TO_32);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export type DecodedFrame = { ok: true; frame: Frame } | { ok: false; error: string };

/** Decode an untrusted frame; never throws. The payload is a view into `data`, not a copy. */
export function decodeFrame(data: Uint8Array): DecodedFrame {
  if (data.byteLength < FRAME_HEADER_BYTES) return { ok: false, error: 'binary frame is shorter than its header' };
  if (data.byteLength > MAX_BINARY_FRAME_BYTES) {
    return { ok: false, error: `binary frame is larger than ${MAX_BINARY_FRAME_BYTES} bytes` };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const type = view.getUint8(0);
  if (type !== FrameType.Output && type !== FrameType.Input) {
    return { ok: false, error: `unknown binary frame type ${type}` };
  }
  const offset = view.getUint32(1) * TWO_TO_32 + view.getUint32(5);
  if (!Number.isSafeInteger(offset)) return { ok: false, error: 'binary frame offset is too large' };
  return { ok: true, frame: { type, offset, payload: data.subarray(FRAME_HEADER_BYTES) } };
}
