// A person's search (text and options) as one regular expression, and the excerpt of a matching line that is shown.
import { SEARCH_CONTEXT_CHARS, type SearchQuery } from '../../shared/search.js';

/** A query that cannot be run, with the sentence that says why. */
export class BadQueryError extends Error {}

export interface MatchRange {
  start: number;
  end: number;
}

/** Letters, digits and underscore make up a word, in any script. */
const WORD_CHAR = '[\\p{L}\\p{N}_]';

/**
 * The expression that finds `query` in a line. Plain text is matched literally; whole words means no word character
 * touches the match on either side. Always global and Unicode-aware, so every match of a line is found and a
 * character outside the BMP is one character.
 */
export function compileQuery(query: SearchQuery): RegExp {
  if (query.text === '') throw new BadQueryError('Type something to search for.');
  let source = query.regex ? query.text : escapeRegExp(query.text);
  if (query.wholeWord) source = `(?<!${WORD_CHAR})(?:${source})(?!${WORD_CHAR})`;
  const flags = `g${query.caseSensitive ? '' : 'i'}u`;
  try {
    return new RegExp(source, flags);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^Invalid regular expression: /, '');
    throw new BadQueryError(`That is not a regular expression this search understands: ${reason}.`);
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The part of a matching line worth showing: up to `context` characters either side of the first match, with `…`
 * where it was cut, and the ranges moved to match (those cut off are left out, one cut in two is clipped).
 */
export function excerpt(line: string, ranges: readonly MatchRange[], context = SEARCH_CONTEXT_CHARS): { line: string; ranges: MatchRange[] } {
  const first = ranges[0];
  if (!first) return { line, ranges: [] };
  const from = Math.max(0, first.start - context);
  const to = Math.min(line.length, first.end + context);
  const before = from > 0 ? '…' : '';
  const after = to < line.length ? '…' : '';
  const shift = before.length - from;
  const kept = ranges
    .filter((range) => range.end > from && range.start < to)
    .map((range) => ({ start: Math.max(range.start, from) + shift, end: Math.min(range.end, to) + shift }));
  return { line: `${before}${line.slice(from, to)}${after}`, ranges: kept };
}
