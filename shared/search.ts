// One search across every session: the query a page or script sends to GET /api/search and the hits it gets back.
import { Type, type Static } from '@sinclair/typebox';

/** At most this many hits are returned, sessions' and runs' together; the answer says when there were more. */
export const MAX_SEARCH_HITS = 200;
/** A query longer than this is refused: nobody types it, and it would only cost time. */
export const MAX_SEARCH_QUERY_LENGTH = 500;
/** How long one search may take, regular expressions included, before it stops with what it found: it runs on the bridge's one thread, so terminals wait while it does. */
export const SEARCH_TIME_LIMIT_MS = 1000;
/** Characters of the matching line shown on each side of the match. */
export const SEARCH_CONTEXT_CHARS = 60;

/** What a person asks for: the text, and how to match it (as in a terminal's own search). */
export interface SearchQuery {
  text: string;
  caseSensitive: boolean;
  wholeWord: boolean;
  regex: boolean;
}

const Range = Type.Object({
  start: Type.Integer({ minimum: 0, description: 'first character of the match in `line`' }),
  end: Type.Integer({ minimum: 0, description: 'one past its last character' }),
});

/** Where in its text a hit is: the same for a session's hit and a run's. */
const MatchedLine = {
  /** The line's number in the session's text as a person saw it (a run's: in that command or stream), 0 for the oldest line kept. */
  lineNumber: Type.Integer({ minimum: 0 }),
  /** The matching line, cut to a little context around the first match (`…` marks a cut). */
  line: Type.String(),
  /** Where the matches are in `line`, for highlighting. */
  ranges: Type.Array(Range),
  /** The first match's text, whole, so the page can find it in the terminal. */
  match: Type.String(),
};

/** Characters of a run's command given with each of its hits; a longer one is cut, with `…`. */
export const RUN_HIT_COMMAND_CHARS = 200;

export const SearchHitSchema = Type.Object({
  session: Type.Object({
    /** `live`: the bridge's session id (a tab may show it); `closed`: the history entry's id, as a string. */
    id: Type.String(),
    state: Type.Union([Type.Literal('live'), Type.Literal('closed')]),
    target: Type.String(),
    /** Its tab's title or saved session's name. */
    label: Type.String(),
    /** When it started (live) or ended (closed), ms since the epoch. */
    at: Type.Optional(Type.Integer()),
  }),
  ...MatchedLine,
});
export type SearchHit = Static<typeof SearchHitSchema>;

/** A hit in a kept run of "Run on group" (POST /api/run): in its command, or in one host's output of it. */
export const RunSearchHitSchema = Type.Object({
  run: Type.Object({
    /** The kept run's id: GET /api/runs/:id gives it whole. */
    id: Type.String(),
    /** The command it ran, cut to RUN_HIT_COMMAND_CHARS. */
    command: Type.String(),
    /** When it started, ms since the epoch. */
    at: Type.Integer(),
  }),
  /** The host whose output holds the match; left out for a match in the command. */
  target: Type.Optional(Type.String()),
  /** `error`: the sentence saying why the command could not run on that host. */
  in: Type.Union([Type.Literal('command'), Type.Literal('stdout'), Type.Literal('stderr'), Type.Literal('error')]),
  ...MatchedLine,
});
export type RunSearchHit = Static<typeof RunSearchHitSchema>;

export const SearchResponseSchema = Type.Object({
  hits: Type.Array(SearchHitSchema),
  /** Hits in kept runs of "Run on group", the latest first, after the sessions' (left out by an older longhaul). */
  runHits: Type.Optional(Type.Array(RunSearchHitSchema)),
  /** More hits exist than were returned ("showing the first 200 hits"). */
  truncated: Type.Boolean(),
  /** The search ran out of time and stopped with what it had found. */
  timedOut: Type.Boolean(),
  /** A sentence to show beside the results when either happened. */
  note: Type.Optional(Type.String()),
});
export type SearchResponse = Static<typeof SearchResponseSchema>;

/** The query string of GET /api/search: q, and the options as "1" or "0". */
export const SearchParamsSchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: MAX_SEARCH_QUERY_LENGTH, errorMessage: `q must be 1 to ${MAX_SEARCH_QUERY_LENGTH} characters to search for` }),
    case: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { errorMessage: 'case must be 1 (match case) or 0' })),
    word: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { errorMessage: 'word must be 1 (whole words only) or 0' })),
    regex: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1')], { errorMessage: 'regex must be 1 (q is a regular expression) or 0' })),
  },
  { additionalProperties: false },
);
export type SearchParams = Static<typeof SearchParamsSchema>;
