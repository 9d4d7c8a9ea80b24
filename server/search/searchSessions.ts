// One search over every session the bridge knows (the live ones' kept output, the closed ones' indexed history) and the kept runs.
import {
  MAX_SEARCH_HITS,
  RUN_HIT_COMMAND_CHARS,
  SEARCH_TIME_LIMIT_MS,
  type RunSearchHit,
  type SearchHit,
  type SearchQuery,
  type SearchResponse,
} from '../../shared/search.js';
import { screenLines } from '../store/lastLine.js';
import { scanLines, ScanTimeout, type LineMatch } from './boundedScan.js';
import { runParts, type RunForSearch } from './commandRunText.js';
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
  /** Index ids of kept runs that may match, the latest first (every one when `literal` is undefined); without it, runs are not searched. */
  runCandidates?(literal: string | undefined): Iterable<number>;
  run?(id: number): RunForSearch | undefined;
  /** Milliseconds, for the time limit (injected so tests can run out of time on demand). */
  now(): number;
}

export interface SearchLimits {
  maxHits: number;
  timeLimitMs: number;
}

const DEFAULT_LIMITS: SearchLimits = { maxHits: MAX_SEARCH_HITS, timeLimitMs: SEARCH_TIME_LIMIT_MS };

type MatchedLine = Omit<SearchHit, 'session'>;

/**
 * Live sessions first (they are what a person is working in), then the history, newest first, then the kept runs,
 * the latest first. Stops at the hit cap, sessions' and runs' hits together (asking for one more to know whether
 * there were more), or the time limit, and says which in `note`. Throws BadQueryError for a query that cannot run.
 */
export function searchAllSessions(query: SearchQuery, sources: SearchSources, limits: SearchLimits = DEFAULT_LIMITS): SearchResponse {
  const pattern = compileQuery(query);
  const deadline = sources.now() + limits.timeLimitMs;
  const hits: SearchHit[] = [];
  const runHits: RunSearchHit[] = [];
  let timedOut = false;
  const found = () => hits.length + runHits.length;
  const going = () => !timedOut && found() <= limits.maxHits;

  /** The lines of `output` that match, as a hit shows them, as many as the cap leaves room for. */
  const matchesIn = (output: string): MatchedLine[] => {
    const lines = screenLines(output);
    let matches: LineMatch[];
    try {
      matches = scanLines(pattern, lines, limits.maxHits + 1 - found(), deadline - sources.now());
    } catch (error) {
      if (!(error instanceof ScanTimeout)) throw error;
      matches = error.found;
      timedOut = true;
    }
    return matches.map(({ lineNumber, ranges }) => {
      const line = lines[lineNumber]!;
      const first = ranges[0]!;
      return { lineNumber, ...excerpt(line, ranges), match: line.slice(first.start, first.end) };
    });
  };

  for (const live of sources.live) {
    const session = { id: live.id, state: 'live' as const, target: live.target, label: live.label, at: live.startedAt };
    hits.push(...matchesIn(live.output()).map((match) => ({ session, ...match })));
    if (!going()) break;
  }
  const literal = query.regex ? undefined : query.text;
  if (going()) {
    for (const id of sources.closedCandidates(literal)) {
      const closed = sources.closed(id);
      if (!closed) continue;
      const session = { id: String(closed.id), state: 'closed' as const, target: closed.target, label: closed.label, at: closed.closedAt };
      hits.push(...matchesIn(closed.output).map((match) => ({ session, ...match })));
      if (!going()) break;
    }
  }
  if (going() && sources.runCandidates && sources.run) {
    runs: for (const id of sources.runCandidates(literal)) {
      const run = sources.run(id);
      if (!run) continue;
      const about = { id: run.id, command: cutCommand(run.command), at: run.startedAt };
      for (const part of runParts(run.command, run.results)) {
        const where = part.target === undefined ? { in: part.in } : { target: part.target, in: part.in };
        runHits.push(...matchesIn(part.text).map((match) => ({ run: about, ...where, ...match })));
        if (!going()) break runs;
      }
    }
  }

  const truncated = found() > limits.maxHits;
  // The one asked for beyond the cap is the last found: a run's when there are any, else a session's.
  if (truncated) {
    if (runHits.length > 0) runHits.length -= found() - limits.maxHits;
    else hits.length = limits.maxHits;
  }
  const response: SearchResponse = { hits, runHits, truncated, timedOut };
  if (timedOut) {
    response.note = `The search stopped after ${limits.timeLimitMs / 1000} s; showing the ${found()} hits found by then. A narrower search finds the rest.`;
  } else if (truncated) {
    response.note = `Showing the first ${limits.maxHits} hits; a narrower search finds the rest.`;
  }
  return response;
}

/** A command as each of its hits names it: long ones cut, since the whole run is one request away. */
function cutCommand(command: string): string {
  return command.length <= RUN_HIT_COMMAND_CHARS ? command : `${command.slice(0, RUN_HIT_COMMAND_CHARS - 1)}…`;
}
