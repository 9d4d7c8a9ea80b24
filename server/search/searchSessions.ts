// One search over every session the bridge knows: the live ones' kept output and the closed ones' indexed history.
import { MAX_SEARCH_HITS, SEARCH_TIME_LIMIT_MS, type SearchHit, type SearchQuery, type SearchResponse } from '../../shared/search.js';
import { screenLines } from '../store/lastLine.js';
import { scanLines, ScanTimeout, type LineMatch } from './boundedScan.js';
import { compileQuery, excerpt } from './searchQuery.js';

/** A live session as search needs it: who it is and what it printed that the bridge still holds. */
export interface LiveSessionText {
  id: string;
  target: string;
  label: string;
  startedAt: number;
  output(): string;
}

/** A closed session as search needs it, read only when the index says it may hold the text. */
export interface ClosedSessionText {
  id: number;
  target: string;
  label: string;
  closedAt: number;
  output: string;
}

export interface SearchSources {
  live: Iterable<LiveSessionText>;
  /** Ids of closed sessions that may match, newest first (every one when `literal` is undefined). */
  closedCandidates(literal: string | undefined): Iterable<number>;
  closed(id: number): ClosedSessionText | undefined;
  /** Milliseconds, for the time limit (injected so tests can run out of time on demand). */
  now(): number;
}

export interface SearchLimits {
  maxHits: number;
  timeLimitMs: number;
}

const DEFAULT_LIMITS: SearchLimits = { maxHits: MAX_SEARCH_HITS, timeLimitMs: SEARCH_TIME_LIMIT_MS };

/**
 * Live sessions first (they are what a person is working in), then the history, newest first. Stops at the hit cap
 * (asking for one more to know whether there were more) or the time limit, and says which in `note`.
 * Throws BadQueryError for a query that cannot run.
 */
export function searchAllSessions(query: SearchQuery, sources: SearchSources, limits: SearchLimits = DEFAULT_LIMITS): SearchResponse {
  const pattern = compileQuery(query);
  const deadline = sources.now() + limits.timeLimitMs;
  const hits: SearchHit[] = [];
  let timedOut = false;

  const searchText = (session: SearchHit['session'], output: string): boolean => {
    const lines = screenLines(output);
    let found: LineMatch[];
    try {
      found = scanLines(pattern, lines, limits.maxHits + 1 - hits.length, deadline - sources.now());
    } catch (error) {
      if (!(error instanceof ScanTimeout)) throw error;
      found = error.found;
      timedOut = true;
    }
    for (const { lineNumber, ranges } of found) {
      const line = lines[lineNumber]!;
      const first = ranges[0]!;
      hits.push({ session, lineNumber, ...excerpt(line, ranges), match: line.slice(first.start, first.end) });
    }
    return !timedOut && hits.length <= limits.maxHits;
  };

  let going = true;
  for (const live of sources.live) {
    const session = { id: live.id, state: 'live' as const, target: live.target, label: live.label, at: live.startedAt };
    if (!(going = searchText(session, live.output()))) break;
  }
  if (going) {
    for (const id of sources.closedCandidates(query.regex ? undefined : query.text)) {
      const closed = sources.closed(id);
      if (!closed) continue;
      const session = { id: String(closed.id), state: 'closed' as const, target: closed.target, label: closed.label, at: closed.closedAt };
      if (!searchText(session, closed.output)) break;
    }
  }

  const truncated = hits.length > limits.maxHits;
  if (truncated) hits.length = limits.maxHits;
  const response: SearchResponse = { hits, truncated, timedOut };
  if (timedOut) {
    response.note = `The search stopped after ${limits.timeLimitMs / 1000} s; showing the ${hits.length} hits found by then. A narrower search finds the rest.`;
  } else if (truncated) {
    response.note = `Showing the first ${limits.maxHits} hits; a narrower search finds the rest.`;
  }
  return response;
}
