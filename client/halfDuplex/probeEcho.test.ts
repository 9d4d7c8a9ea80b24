import { describe, expect, it } from 'vitest';
import { probeEchoed } from './probeEcho.js';

describe('probeEchoed', () => {
  const sent = { row: 10, col: 2, text: 'e' };

  it('is true once the character shows where it was sent and the cursor moved past it', () => {
    expect(probeEchoed(sent, 'e', { row: 10, col: 3 })).toBe(true);
    // At the last column the echo wraps the cursor to the next row.
    expect(probeEchoed(sent, 'e', { row: 11, col: 0 })).toBe(true);
  });

  it('is false while nothing shows (echo off: read -s, a password prompt)', () => {
    expect(probeEchoed(sent, '', { row: 10, col: 2 })).toBe(false);
  });

  it('is false when something else shows there, or the cursor did not move past it', () => {
    expect(probeEchoed(sent, 'x', { row: 10, col: 3 })).toBe(false);
    expect(probeEchoed(sent, 'e', { row: 10, col: 2 })).toBe(false);
    expect(probeEchoed(sent, 'e', { row: 9, col: 30 })).toBe(false);
  });

  it('compares whole characters (wide, combined)', () => {
    expect(probeEchoed({ row: 0, col: 0, text: '日' }, '日', { row: 0, col: 2 })).toBe(true);
    expect(probeEchoed({ row: 0, col: 0, text: 'é' }, 'e', { row: 0, col: 1 })).toBe(false);
  });
});
