// Which thumbnail an arrow key moves to: the nearest one on that side, as the eye reads the grid (host groups wrap unevenly).

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

export const DIRECTION_OF_KEY: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/**
 * The index of the box nearest `from` whose centre lies on the `direction` side of it, favouring boxes in line
 * with it (a step sideways costs more than a step along); -1 when there is none.
 */
export function nearestInDirection(from: Box, boxes: readonly Box[], direction: Direction): number {
  const cx = from.left + from.width / 2;
  const cy = from.top + from.height / 2;
  let best = -1;
  let bestCost = Infinity;
  boxes.forEach((box, index) => {
    const dx = box.left + box.width / 2 - cx;
    const dy = box.top + box.height / 2 - cy;
    const [along, across] = direction === 'left' ? [-dx, dy] : direction === 'right' ? [dx, dy] : direction === 'up' ? [-dy, dx] : [dy, dx];
    if (along <= 1) return; // itself, or behind
    const cost = along + Math.abs(across) * 3;
    if (cost < bestCost) {
      bestCost = cost;
      best = index;
    }
  });
  return best;
}
