// Flow control for output (the xterm.js flow-control guide): what to draw, and when to tell the bridge it is drawn.
import { ACK_BATCH_BYTES } from '../../shared/flowControl.js';

/**
 * Acknowledge once enough is drawn to be worth a message, or once xterm.js has caught up — so a quiet
 * session always ends with everything acknowledged and the bridge never waits on us.
 */
export function shouldAcknowledge(processed: number, lastAcked: number, pendingWrites: number): boolean {
  if (processed <= lastAcked) return false;
  return processed - lastAcked >= ACK_BATCH_BYTES || pendingWrites === 0;
}

export interface AdmittedOutput {
  /** Offset of the first byte to draw. */
  offset: number;
  bytes: Uint8Array;
  /** Offset just after the last byte; report it to `drawn` when xterm.js has parsed the write. */
  end: number;
  /** Bytes the stream skipped before this frame (they were lost; nothing can bring them back). */
  missing: number;
}

export class OutputFlow {
  /** Offset of the next byte we expect; null until the first frame says where the stream starts. */
  private next: number | null = null;
  private processed = 0;
  private lastAcked = 0;
  private pendingWrites = 0;

  /**
   * An output frame arrived. Returns the part to draw — bytes already drawn (sent again at the seam of a resume;
   * this is the one place they are dropped) are left out — or null when nothing is new. Every non-null result
   * must later be passed to `drawn`.
   */
  admit(offset: number, payload: Uint8Array): AdmittedOutput | null {
    if (this.next === null) {
      this.next = offset;
      this.processed = offset;
      this.lastAcked = offset;
    }
    const end = offset + payload.byteLength;
    if (end <= this.next) return null;
    const skip = Math.max(0, this.next - offset);
    const missing = Math.max(0, offset - this.next);
    const start = offset + skip;
    this.next = end;
    this.pendingWrites++;
    return { offset: start, bytes: skip === 0 ? payload : payload.subarray(skip), end, missing };
  }

  /** xterm.js finished parsing the write that ended at `end`. Returns the offset to acknowledge, or null. */
  drawn(end: number): number | null {
    if (this.pendingWrites === 0) throw new Error('drawn() without a pending write');
    this.pendingWrites--;
    this.processed = Math.max(this.processed, end);
    if (!shouldAcknowledge(this.processed, this.lastAcked, this.pendingWrites)) return null;
    this.lastAcked = this.processed;
    return this.processed;
  }

  get unacknowledged(): number {
    return this.processed - this.lastAcked;
  }
}
