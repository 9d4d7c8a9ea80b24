// HTTP API for saved sessions: list (with the ssh-config aliases not saved yet), create, read, replace, edit, delete.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import {
  ApiErrorSchema,
  SavedSessionInputSchema,
  SavedSessionListSchema,
  SavedSessionPatchSchema,
  SavedSessionSchema,
  type SavedSession,
  type SavedSessionInput,
  type SavedSessionList,
  type SavedSessionPatch,
  type UnsavedHost,
} from '../../shared/savedSessions.js';
import type { Store } from '../store/store.js';
import { sendStoreError, typeboxValidatorCompiler } from './validation.js';

export interface SavedSessionsApiOptions {
  store: Store;
  /** Host aliases of ~/.ssh/config, read on each request (the file may change while longhaul runs). */
  hostAliases: () => string[];
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
type IdParams = { id: string };

const NOT_FOUND = 'No saved session has this id; it may have been deleted.';

/** The ssh-config aliases no saved session targets yet (compared as ssh compares host names: ignoring case). */
export function unsavedHosts(aliases: readonly string[], saved: readonly SavedSession[]): UnsavedHost[] {
  const targets = new Set(saved.map((session) => session.target.toLowerCase()));
  const seen = new Set<string>();
  const unsaved: UnsavedHost[] = [];
  for (const alias of aliases) {
    const key = alias.toLowerCase();
    if (targets.has(key) || seen.has(key)) continue;
    seen.add(key);
    unsaved.push({ alias, source: 'ssh-config' });
  }
  return unsaved;
}

export const savedSessionsApi: FastifyPluginAsync<SavedSessionsApiOptions> = async (app, { store, hostAliases }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  const sessions = store.savedSessions;
  const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

  app.get('/api/sessions/saved', { schema: { response: { 200: SavedSessionListSchema } } }, async (request): Promise<SavedSessionList> => {
    const saved = sessions.list();
    let aliases: string[] = [];
    try {
      aliases = hostAliases();
    } catch (error) {
      // An unreadable ssh config must not hide the saved sessions.
      request.log.warn({ err: (error as Error).message }, 'cannot read the ssh config for Host aliases');
    }
    return { saved, unsaved: unsavedHosts(aliases, saved) };
  });

  app.post<{ Body: SavedSessionInput }>(
    '/api/sessions/saved',
    { schema: { body: SavedSessionInputSchema, response: { 201: SavedSessionSchema, ...errors } } },
    async (request, reply) => {
      try {
        const session = sessions.create(request.body);
        return reply.code(201).header('location', `/api/sessions/saved/${encodeURIComponent(session.id)}`).send(session);
      } catch (error) {
        return sendStoreError(reply, error);
      }
    },
  );

  app.get<{ Params: IdParams }>(
    '/api/sessions/saved/:id',
    { schema: { params: IdParams, response: { 200: SavedSessionSchema, ...errors } } },
    async (request, reply) => sessions.get(request.params.id) ?? reply.code(404).send({ error: NOT_FOUND }),
  );

  app.put<{ Params: IdParams; Body: SavedSessionInput }>(
    '/api/sessions/saved/:id',
    { schema: { params: IdParams, body: SavedSessionInputSchema, response: { 200: SavedSessionSchema, ...errors } } },
    async (request, reply) => {
      try {
        return sessions.replace(request.params.id, request.body) ?? reply.code(404).send({ error: NOT_FOUND });
      } catch (error) {
        return sendStoreError(reply, error);
      }
    },
  );

  app.patch<{ Params: IdParams; Body: SavedSessionPatch }>(
    '/api/sessions/saved/:id',
    { schema: { params: IdParams, body: SavedSessionPatchSchema, response: { 200: SavedSessionSchema, ...errors } } },
    async (request, reply) => {
      try {
        return sessions.update(request.params.id, request.body) ?? reply.code(404).send({ error: NOT_FOUND });
      } catch (error) {
        return sendStoreError(reply, error);
      }
    },
  );

  app.delete<{ Params: IdParams }>(
    '/api/sessions/saved/:id',
    { schema: { params: IdParams, response: { 404: ApiErrorSchema } } },
    async (request, reply) =>
      sessions.remove(request.params.id) ? reply.code(204).send() : reply.code(404).send({ error: NOT_FOUND }),
  );
};
