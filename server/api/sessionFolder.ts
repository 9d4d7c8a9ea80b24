// GET /api/sessions/live/:id/folder: the folder a live shell is in, when its host can say (uploads go there).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import type { ShellSession } from '../session/shellSession.js';
import { typeboxValidatorCompiler } from './validation.js';

export interface SessionFolderApiOptions {
  session(id: string): Pick<ShellSession, 'currentFolder'> | undefined;
}

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const FolderSchema = Type.Object({ folder: Type.Union([Type.String(), Type.Null()]) });

export const sessionFolderApi: FastifyPluginAsync<SessionFolderApiOptions> = async (app, { session }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  app.get<{ Params: { id: string } }>(
    '/api/sessions/live/:id/folder',
    { schema: { params: Params, response: { 200: FolderSchema, 404: ApiErrorSchema } } },
    async (request, reply) => {
      const live = session(request.params.id);
      if (!live) return reply.code(404).send({ error: 'No live session has this id; it may have ended.' });
      return { folder: (await live.currentFolder()) ?? null };
    },
  );
};
