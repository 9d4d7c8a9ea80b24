import { describe, expect, it } from 'vitest';
import { ACK_BATCH_BYTES, OUTPUT_BATCH_MAX_BYTES, OUTPUT_HIGH_WATERMARK, OUTPUT_LOW_WATERMARK } from './flowControl.js';

describe('flow-control limits', () => {
  it('resume below where they pause, with room for several acknowledgements and output chunks in between', () => {
    expect(OUTPUT_LOW_WATERMARK).toBeLessThan(OUTPUT_HIGH_WATERMARK);
    expect(ACK_BATCH_BYTES).toBeLessThan(OUTPUT_HIGH_WATERMARK - OUTPUT_LOW_WATERMARK);
    expect(OUTPUT_BATCH_MAX_BYTES).toBeLessThan(OUTPUT_HIGH_WATERMARK - OUTPUT_LOW_WATERMARK);
  });
});
