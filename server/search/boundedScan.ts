// Finds the lines a pattern matches under a time limit that holds even inside one regular expression's backtracking.
import vm from 'node:vm';
import type { MatchRange } from './searchQuery.js';

export interface LineMatch {
  lineNumber: number;
  ranges: MatchRange[];
}

/** The scan ran out of time; what it found before that is in `found`. */
export class ScanTimeout extends Error {
  constructor(readonly found: LineMatch[]) {
    super('the search ran out of time');
  }
}

/*
 * A regular expression like (a+)+b on a long line of a's can backtrack for longer than anyone waits, and a
 * loop cannot check the clock while one exec() runs. Code run through node:vm with a timeout is stopped by V8
 * even there, so the loop over lines lives in a context of its own; it reports hits through `found` so those
 * already made survive a stop.
 */
const context = vm.createContext({});
vm.runInContext(
  `globalThis.scanLines = function (pattern, lines, maxHits, found) {
    for (let i = 0; i < lines.length && found.length < maxHits; i++) {
      const line = lines[i];
      pattern.lastIndex = 0;
      const ranges = [];
      for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
        if (m[0] === '') { pattern.lastIndex += 1; if (pattern.lastIndex > line.length) break; continue; }
        ranges.push({ start: m.index, end: m.index + m[0].length });
      }
      if (ranges.length > 0) found.push({ lineNumber: i, ranges });
    }
  };`,
  context,
);
const scan = new vm.Script('scanLines(pattern, lines, maxHits, found)');

/** The matching lines of `lines`, at most `maxHits`; throws ScanTimeout once `timeLimitMs` has passed. */
export function scanLines(pattern: RegExp, lines: readonly string[], maxHits: number, timeLimitMs: number): LineMatch[] {
  const found: LineMatch[] = [];
  if (timeLimitMs <= 0) throw new ScanTimeout(found);
  Object.assign(context, { pattern, lines, maxHits, found });
  try {
    scan.runInContext(context, { timeout: Math.max(1, Math.ceil(timeLimitMs)) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new ScanTimeout(found);
    throw error;
  } finally {
    Object.assign(context, { pattern: undefined, lines: undefined, found: undefined });
  }
  return found;
}
