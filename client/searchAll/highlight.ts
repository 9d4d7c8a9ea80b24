// A hit's line as runs of plain and matched text, so the matches can be drawn highlighted without building HTML from strings.
import type { SearchHit } from '../../shared/search.js';

export interface LinePart {
  text: string;
  matched: boolean;
}

/** Split `line` at the ranges (sorted, clipped to the line, overlaps merged); empty parts are left out. */
export function highlightedParts(line: string, ranges: SearchHit['ranges']): LinePart[] {
  const sorted = ranges
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, line.length)), end: Math.max(0, Math.min(end, line.length)) }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start);
  const parts: LinePart[] = [];
  let at = 0;
  for (const range of sorted) {
    const start = Math.max(range.start, at);
    if (range.end <= start) continue;
    if (start > at) parts.push({ text: line.slice(at, start), matched: false });
    parts.push({ text: line.slice(start, range.end), matched: true });
    at = range.end;
  }
  if (at < line.length) parts.push({ text: line.slice(at), matched: false });
  return parts;
}
