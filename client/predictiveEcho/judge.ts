// Pure verdicts on one predicted cell against what the host has put on the real screen.
import { isBlank, sameCell, sameChars } from './cells.js';
import type { ScreenCell } from './types.js';

/**
 * - `confirmed`: the host drew the predicted characters, and the cell changed to get there: the echo arrived.
 *   Only this confirms an epoch and gives a keystroke → echo sample.
 * - `alreadyTrue`: the real cell shows the predicted characters, but it showed them before too (or the
 *   prediction is a blank, which too much else produces) — right, but no evidence the host answered.
 * - `pending`: the real cell still shows something it showed before the prediction (or between predictions):
 *   the host has not got there yet.
 * - `wrong`: the real cell shows something neither predicted nor seen before.
 */
export type CellVerdict = 'confirmed' | 'alreadyTrue' | 'pending' | 'wrong';

/**
 * @param predicted what we expect the host to draw
 * @param history what the real cell showed when it was predicted, and the predictions this one replaced
 * @param real what the real cell shows now
 */
export function judgeCell(predicted: ScreenCell, history: readonly ScreenCell[], real: ScreenCell): CellVerdict {
  if (sameChars(predicted, real)) {
    if (isBlank(predicted) || history.some((seen) => sameCell(seen, real))) return 'alreadyTrue';
    return 'confirmed';
  }
  // Colours change under a cell without the host answering (syntax highlighting), so only characters count.
  if (history.some((seen) => sameChars(seen, real))) return 'pending';
  return 'wrong';
}
