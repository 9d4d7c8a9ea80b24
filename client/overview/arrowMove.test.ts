import { describe, expect, it } from 'vitest';
import { nearestInDirection, type Box } from './arrowMove.js';

/** A 3×2 grid of 100×60 boxes with 10 px gaps, then a second host's row of one below. */
const at = (column: number, row: number): Box => ({ left: column * 110, top: row * 70, width: 100, height: 60 });
const grid = [at(0, 0), at(1, 0), at(2, 0), at(0, 1), at(1, 1), at(0, 3)];

describe('arrow keys between thumbnails', () => {
  it('move along a row and between rows', () => {
    expect(nearestInDirection(grid[0]!, grid, 'right')).toBe(1);
    expect(nearestInDirection(grid[1]!, grid, 'left')).toBe(0);
    expect(nearestInDirection(grid[1]!, grid, 'down')).toBe(4);
    expect(nearestInDirection(grid[4]!, grid, 'up')).toBe(1);
  });

  it('go to the nearest one below when the row below is shorter, and on into the next group', () => {
    expect(nearestInDirection(grid[2]!, grid, 'down')).toBe(4);
    expect(nearestInDirection(grid[3]!, grid, 'down')).toBe(5);
  });

  it('stay put at an edge', () => {
    expect(nearestInDirection(grid[0]!, grid, 'left')).toBe(-1);
    expect(nearestInDirection(grid[0]!, grid, 'up')).toBe(-1);
    expect(nearestInDirection(grid[5]!, grid, 'down')).toBe(-1);
  });
});
