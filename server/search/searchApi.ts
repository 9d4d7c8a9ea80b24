// GET /api/search: one search across live sessions, the closed-session history and kept runs, for the page and for scripts.
import type { FastifyPluginAsync } from 'fastify';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { SearchParamsSchema, SearchResponseSchema, type SearchParams, type SearchResponse } from '../../shared/search.js';
import { typeboxValidatorCompiler } from '../api/validation.js';
import type { SessionManager } from '../session/sessionManager.js';
import type { Store } from '../store/store.js';
import { BadQueryError } from './searchQuery.js';
import { searchAllSessions, type LiveSessionText } from './searchSessions.js';

export interface SearchApiOptions {
  store: Store;
  sessions: SessionManager;
  now?: () => number;
}

export const searchApi: FastifyPluginAsync<SearchApiOptions> = async (app, { store, sessions, now = () => performance.now() }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);

  /** A saved session's name says more than its target; a session opened by hand has only its target (or title). */
  const savedName = (id: string | undefined) => (id === undefined ? undefined : store.savedSessions.get(id)?.name);

  app.get<{ Querystring: SearchParams }>(
    '/api/search',
    { schema: { querystring: SearchParamsSchema, response: { 200: SearchResponseSchema, 400: ApiErrorSchema } } },
    async (request, reply): Promise<SearchResponse> => {
      const { q, case: matchCase, word, regex } = request.query;
      const live = function* (): Generator<LiveSessionText> {
        for (const session of sessions.sessions()) {
          if (session.isEnded) continue;
          yield {
            id: session.id,
            target: session.target.label,
            label: savedName(session.savedSessionId) ?? session.target.label,
            startedAt: session.startedAt,
            output: () => session.scrollback(),
          };
        }
      };
      try {
        return searchAllSessions(
          { text: q, caseSensitive: matchCase === '1', wholeWord: word === '1', regex: regex === '1' },
          {
            live: live(),
            closedCandidates: (literal) => store.closedSessions.text.candidates(literal),
            closed: (id) => {
              const closed = store.closedSessions.text.session(id);
              if (!closed) return undefined;
              return { id, target: closed.target, label: closed.savedName ?? closed.title, closedAt: closed.closedAt, output: closed.scrollback };
            },
            runCandidates: (literal) => store.commandRuns.text.candidates(literal),
            run: (id) => store.commandRuns.text.run(id),
            now,
          },
        );
      } catch (error) {
        if (error instanceof BadQueryError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    },
  );
};
