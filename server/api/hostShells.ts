// HTTP API for longhaul's shells found on hosts that no session of this longhaul holds: list them, and take one for a tab.
import type { FastifyPluginAsync } from 'fastify';
import { HostShellListSchema, TakeHostShellSchema, type HostShellList, type TakeHostShell } from '../../shared/hostShells.js';
import { ApiErrorSchema, LiveSessionSummarySchema } from '../../shared/savedSessions.js';
import { ConnectError } from '../session/connectTarget.js';
import type { SessionManager } from '../session/sessionManager.js';
import { typeboxValidatorCompiler } from './validation.js';

export const hostShellsApi: FastifyPluginAsync<{ sessions: SessionManager }> = async (app, { sessions }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);

  app.get('/api/sessions/host-shells', { schema: { response: { 200: HostShellListSchema } } }, async (): Promise<HostShellList> => ({
    shells: await sessions.hostShells(),
  }));

  app.post<{ Body: TakeHostShell }>(
    '/api/sessions/host-shells/take',
    { schema: { body: TakeHostShellSchema, response: { 200: LiveSessionSummarySchema, 400: ApiErrorSchema } } },
    async (request, reply) => {
      try {
        return sessions.takeHostShell(request.body.target, request.body.sessionName);
      } catch (error) {
        if (error instanceof ConnectError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    },
  );
};
