import { describe, expect, it } from 'vitest';
import { cornerFor } from './placement.js';

describe('cornerFor', () => {
  it('stays top-right while the cursor is below it (a full screen of output, prompt at the bottom)', () => {
    expect(cornerFor('top', 23, 24, 3)).toBe('top');
    expect(cornerFor('top', 3, 24, 3)).toBe('top');
  });

  it('moves down when the cursor comes under it (after `clear`, the prompt is on the first row)', () => {
    expect(cornerFor('top', 0, 24, 3)).toBe('bottom');
    expect(cornerFor('top', 2, 24, 3)).toBe('bottom');
  });

  it('stays down until the cursor reaches the bottom rows, so it does not jump about', () => {
    expect(cornerFor('bottom', 5, 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', 0, 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', 21, 24, 3)).toBe('top');
  });

  it('stays where it is when it would hide the cursor in either corner (a tiny terminal, the details open)', () => {
    expect(cornerFor('top', 5, 10, 6)).toBe('top');
    expect(cornerFor('bottom', 5, 10, 6)).toBe('bottom');
    // Tall, but the other corner is clear of the cursor: it moves.
    expect(cornerFor('top', 0, 10, 6)).toBe('bottom');
    expect(cornerFor('bottom', 9, 10, 6)).toBe('top');
  });
});
