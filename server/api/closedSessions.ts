// HTTP API for the history of closed sessions: the list (without scrollback) and one entry with its scrollback.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ApiErrorSchema, ClosedSessionListSchema, ClosedSessionSchema, type ClosedSessionList } from '../../shared/savedSessions.js';
import type { Store } from '../store/store.js';
import { typeboxValidatorCompiler } from './validation.js';

export interface ClosedSessionsApiOptions {
  store: Store;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 32 }) });
type IdParams = { id: string };

const NOT_FOUND = 'No closed session has this id; the history keeps only the most recent ones.';

export const closedSessionsApi: FastifyPluginAsync<ClosedSessionsApiOptions> = async (app, { store }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);

  app.get('/api/sessions/closed', { schema: { response: { 200: ClosedSessionListSchema } } }, async (): Promise<ClosedSessionList> => ({
    closed: store.closedSessions.list(),
  }));

  app.get<{ Params: IdParams }>(
    '/api/sessions/closed/:id',
    { schema: { params: IdParams, response: { 200: ClosedSessionSchema, 404: ApiErrorSchema } } },
    async (request, reply) => {
      const id = /^[1-9]\d{0,15}$/.test(request.params.id) ? Number(request.params.id) : undefined;
      const closed = id === undefined ? undefined : store.closedSessions.get(id);
      return closed ?? reply.code(404).send({ error: NOT_FOUND });
    },
  );
};
