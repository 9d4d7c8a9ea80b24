// The tail of a command's output kept for its final line: bounded, whole characters.
import { describe, expect, it } from 'vitest';
import { KeptOutput } from './keptOutput.js';

describe('KeptOutput', () => {
  it('keeps everything under its limit', () => {
    const kept = new KeptOutput(16);
    kept.add(Buffer.from('hello '));
    kept.add(Buffer.from('world'));
    expect(kept.text()).toBe('hello world');
    expect(kept.truncated).toBe(false);
  });

  it('keeps the last bytes past its limit, and says the start was dropped', () => {
    const kept = new KeptOutput(8);
    for (const part of ['line 1\n', 'line 2\n', 'line 3\n']) kept.add(Buffer.from(part));
    expect(kept.text()).toBe('\nline 3\n');
    expect(kept.truncated).toBe(true);
  });

  it('leaves out a character cut in two by the limit', () => {
    const kept = new KeptOutput(5);
    kept.add(Buffer.from('aé€b')); // 1 + 2 + 3 + 1 bytes; the last 5 start inside é
    expect(kept.text()).toBe('€b');
  });
});
