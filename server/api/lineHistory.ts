// HTTP API for half-duplex line history, per host, kept in the store so it outlasts the browser and longhaul.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { LineHistorySchema } from '../../shared/lineHistory.js';
import { MAX_TARGET_LENGTH } from '../../shared/protocol.js';
import { MAX_LINE_LENGTH } from '../store/lineHistory.js';
import type { Store } from '../store/store.js';
import { typeboxValidatorCompiler } from './validation.js';

const HostParams = Type.Object({ host: Type.String({ minLength: 1, maxLength: MAX_TARGET_LENGTH }) }, { additionalProperties: false });
const NewLine = Type.Object({ line: Type.String({ minLength: 1, maxLength: MAX_LINE_LENGTH }) }, { additionalProperties: false });

export const lineHistoryApi: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);

  /** The host's lines, oldest first. */
  app.get<{ Params: { host: string } }>('/api/line-history/:host', { schema: { params: HostParams, response: { 200: LineHistorySchema } } }, async (request) => ({
    lines: store.lineHistory.list(request.params.host),
  }));

  /** One line entered on the host. The page sends only lines the host echoed back (never what was typed where echo was off). */
  app.post<{ Params: { host: string }; Body: { line: string } }>(
    '/api/line-history/:host',
    { schema: { params: HostParams, body: NewLine } },
    async (request, reply) => {
      store.lineHistory.append(request.params.host, request.body.line);
      return reply.code(204).send();
    },
  );
};
