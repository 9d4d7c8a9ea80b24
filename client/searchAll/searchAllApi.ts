// Asks longhaul for one search across every session; a refusal becomes the sentence it gave.
import { SearchResponseSchema, type SearchQuery, type SearchResponse } from '../../shared/search.js';
import { HttpClient, HttpError } from '../http/httpClient.js';
import { errorSentence } from '../savedSessions/api.js';

/** The address of a search, its options in the query string's words. */
export function searchPath(query: SearchQuery): string {
  const params = new URLSearchParams({ q: query.text });
  if (query.caseSensitive) params.set('case', '1');
  if (query.wholeWord) params.set('word', '1');
  if (query.regex) params.set('regex', '1');
  return `/api/search?${params}`;
}

export class SearchRefusedError extends Error {}

export async function searchAllSessions(query: SearchQuery, http = new HttpClient()): Promise<SearchResponse> {
  try {
    return await http.get(searchPath(query), SearchResponseSchema, { cache: 'no-store' });
  } catch (error) {
    if (error instanceof HttpError) {
      throw new SearchRefusedError(error.status === 0 ? 'longhaul did not answer; check that it is still running.' : errorSentence(error.status, error.body));
    }
    throw error;
  }
}
