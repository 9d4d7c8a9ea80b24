import { describe, expect, it } from 'vitest';
import { ACK_BATCH_BYTES } from '../../shared/flowControl.js';
import { OutputFlow, shouldAcknowledge } from './outputFlow.js';

const bytes = (n: number) => new Uint8Array(n);

describe('shouldAcknowledge', () => {
  it('waits while writes are pending and less than a batch is drawn', () => {
    expect(shouldAcknowledge(1000, 0, 2)).toBe(false);
  });
  it('acknowledges a full batch even while writes are pending', () => {
    expect(shouldAcknowledge(ACK_BATCH_BYTES, 0, 5)).toBe(true);
  });
  it('acknowledges when xterm.js has caught up', () => {
    expect(shouldAcknowledge(1, 0, 0)).toBe(true);
  });
  it('never acknowledges nothing new', () => {
    expect(shouldAcknowledge(10, 10, 0)).toBe(false);
  });
});

describe('OutputFlow', () => {
  it('acknowledges each echo of an interactive session at once', () => {
    const flow = new OutputFlow();
    const a = flow.admit(0, bytes(1))!;
    expect(flow.drawn(a.end)).toBe(1);
    const b = flow.admit(1, bytes(3))!;
    expect(flow.drawn(b.end)).toBe(4);
  });

  it('batches acknowledgements while output floods in', () => {
    const flow = new OutputFlow();
    const chunk = 16 * 1024;
    const writes = Array.from({ length: 8 }, (_, i) => flow.admit(i * chunk, bytes(chunk))!);
    const acks = writes.map((w) => flow.drawn(w.end));
    // 4 chunks make a batch; the last write drains the queue.
    expect(acks).toEqual([null, null, null, 4 * chunk, null, null, null, 8 * chunk]);
    expect(flow.unacknowledged).toBe(0);
  });

  it('drops bytes it already drew (re-sent after a resume)', () => {
    const flow = new OutputFlow();
    flow.drawn(flow.admit(0, bytes(10))!.end);
    expect(flow.admit(0, bytes(10))).toBeNull();
    const overlap = flow.admit(5, Uint8Array.from({ length: 10 }, (_, i) => i))!;
    expect(overlap.offset).toBe(10);
    expect([...overlap.bytes]).toEqual([5, 6, 7, 8, 9]);
    expect(overlap.end).toBe(15);
    expect(flow.drawn(overlap.end)).toBe(15);
  });

  it('starts where the first frame says the stream starts', () => {
    const flow = new OutputFlow();
    const first = flow.admit(1000, bytes(5))!;
    expect(first.missing).toBe(0);
    expect(flow.drawn(first.end)).toBe(1005);
  });

  it('reports a gap, and draws what came', () => {
    const flow = new OutputFlow();
    flow.drawn(flow.admit(0, bytes(10))!.end);
    const after = flow.admit(20, bytes(5))!;
    expect(after.missing).toBe(10);
    expect(flow.drawn(after.end)).toBe(25);
  });

  it('refuses drawn() without a write', () => {
    expect(() => new OutputFlow().drawn(1)).toThrow();
  });
});
