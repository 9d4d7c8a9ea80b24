// Reading an FTS5 trigram index newest first, a page at a time: the rows that may hold a literal, or every row.

/** The shortest text the trigram index can look up; anything shorter is found by reading the kept text. */
export const SHORTEST_INDEXED_QUERY = 3;

const FIRST_PAGE = 8;
const LARGEST_PAGE = 512;

export interface IndexPages {
  /** Rows below `below` whose text holds the FTS5 `phrase`, newest (highest id) first, at most `limit`. */
  matchingBelow(phrase: string, below: number, limit: number): { id: number }[];
  /** Every row below `below`, newest first, at most `limit`: for a query the index cannot answer. */
  allBelow(below: number, limit: number): { id: number }[];
}

/**
 * Ids that may hold `literal`, newest first. Without a literal (a regular expression) or with one too short to index,
 * every row is a candidate. The literal is always one quoted FTS5 phrase, so its quotes, stars and operators are text.
 * Read a page at a time, each page whole before it is handed on (the connection cannot read a row's text while a
 * statement is being stepped through), and growing: a search that fills its hits early never asks for the rest.
 */
export function* indexCandidates(literal: string | undefined, pages: IndexPages): Generator<number> {
  const indexed = literal !== undefined && [...literal].length >= SHORTEST_INDEXED_QUERY;
  const phrase = `"${(literal ?? '').replace(/"/g, '""')}"`;
  let below = Number.MAX_SAFE_INTEGER;
  for (let page = FIRST_PAGE; ; page = Math.min(page * 4, LARGEST_PAGE)) {
    const rows = indexed ? pages.matchingBelow(phrase, below, page) : pages.allBelow(below, page);
    for (const row of rows) yield row.id;
    if (rows.length < page) return;
    below = rows.at(-1)!.id;
  }
}
