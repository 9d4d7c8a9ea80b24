// When to pause and resume a shell's output: watermarks on bytes sent to the page but not yet drawn by it.
import { OUTPUT_HIGH_WATERMARK, OUTPUT_LOW_WATERMARK } from '../../shared/flowControl.js';

export interface Watermarks {
  high: number;
  low: number;
}

/** Should output be paused, given whether it is now and how many bytes the page has not acknowledged? */
export function shouldPauseOutput(
  paused: boolean,
  unacknowledged: number,
  marks: Watermarks = { high: OUTPUT_HIGH_WATERMARK, low: OUTPUT_LOW_WATERMARK },
): boolean {
  if (paused) return unacknowledged > marks.low;
  return unacknowledged >= marks.high;
}

export type InputVerdict =
  | { kind: 'write'; bytes: Uint8Array }
  | { kind: 'duplicate' }
  | { kind: 'gap'; missing: number };

/**
 * Input frames carry the offset of their first byte, so a frame re-sent after a reconnect is written to the
 * host exactly once: bytes before `written` were already written and are dropped.
 */
export function admitInput(written: number, frameOffset: number, bytes: Uint8Array): InputVerdict {
  if (frameOffset > written) return { kind: 'gap', missing: frameOffset - written };
  const skip = written - frameOffset;
  if (skip >= bytes.byteLength) return { kind: 'duplicate' };
  return { kind: 'write', bytes: skip === 0 ? bytes : bytes.subarray(skip) };
}
