import { describe, expect, it } from 'vitest';
import { cornerFor } from './placement.js';

const cursorAt = (cursorRow: number, pointerRow: number | null = null) => ({ cursorRow, pointerRow });

describe('cornerFor', () => {
  it('stays top-right while the cursor is below it (a full screen of output, prompt at the bottom)', () => {
    expect(cornerFor('top', cursorAt(23), 24, 3)).toBe('top');
    expect(cornerFor('top', cursorAt(3), 24, 3)).toBe('top');
  });

  it('moves down when the cursor comes under it (after `clear`, the prompt is on the first row)', () => {
    expect(cornerFor('top', cursorAt(0), 24, 3)).toBe('bottom');
    expect(cornerFor('top', cursorAt(2), 24, 3)).toBe('bottom');
  });

  it('stays down until the cursor reaches the rows it covers there, so it does not jump about', () => {
    expect(cornerFor('bottom', cursorAt(5), 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', cursorAt(0), 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', cursorAt(20), 24, 3)).toBe('top');
  });

  it('never covers the last row (vim\'s ruler, less\'s prompt): down there it sits just above it', () => {
    // On the last row, the cursor does not push the box away from the bottom corner: the box is not there.
    expect(cornerFor('bottom', cursorAt(23), 24, 3)).toBe('bottom');
    // vim opens with the cursor on the first row: the box goes down, and its ruler on the last row stays in sight.
    expect(cornerFor('top', cursorAt(0), 24, 3)).toBe('bottom');
  });

  it('moves away from a mouse selecting text or driving a program near it, the cursor counting first', () => {
    expect(cornerFor('top', cursorAt(10, 1), 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', cursorAt(10, 21), 24, 3)).toBe('top');
    expect(cornerFor('top', cursorAt(10, 10), 24, 3)).toBe('top');
    // The cursor is under the top corner and the mouse under the bottom one: the cursor wins.
    expect(cornerFor('top', cursorAt(0, 21), 24, 3)).toBe('bottom');
    expect(cornerFor('bottom', cursorAt(0, 21), 24, 3)).toBe('bottom');
  });

  it('stays where it is when it would hide the cursor in either corner (a tiny terminal, the details open)', () => {
    expect(cornerFor('top', cursorAt(5), 10, 6)).toBe('top');
    expect(cornerFor('bottom', cursorAt(5), 10, 6)).toBe('bottom');
    // Tall, but the other corner is clear of the cursor: it moves.
    expect(cornerFor('top', cursorAt(0), 10, 6)).toBe('bottom');
    expect(cornerFor('bottom', cursorAt(8), 10, 6)).toBe('top');
  });
});
