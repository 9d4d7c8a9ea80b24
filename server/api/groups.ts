// HTTP API for host groups: list (saved ones, then one per wildcard Host line of ~/.ssh/config), create, read, replace, edit, delete.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  GroupInputSchema,
  GroupListSchema,
  GroupPatchSchema,
  GroupSchema,
  type GroupInput,
  type GroupList,
  type GroupPatch,
} from '../../shared/groups.js';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { CONFIG_GROUP_ID_PREFIX, groupDirectory } from '../groups/groupDirectory.js';
import type { Store } from '../store/store.js';
import { sendStoreError, typeboxValidatorCompiler } from './validation.js';

export interface GroupsApiOptions {
  store: Store;
  /** Host aliases of ~/.ssh/config, read on each request. */
  hostAliases: () => string[];
  /** The value lists of its wildcard Host lines (`isu0* !isu09`), read on each request. */
  wildcardHostLines: () => string[][];
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 512 }) });
type IdParams = { id: string };

const NOT_FOUND = 'No group has this id; it may have been deleted.';
const READ_ONLY = 'This group is a Host line of ~/.ssh/config; change it there, or save a group of your own.';

export const groupsApi: FastifyPluginAsync<GroupsApiOptions> = async (app, { store, hostAliases, wildcardHostLines }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  const groups = store.hostGroups;
  const directory = (request: FastifyRequest) =>
    groupDirectory({
      store,
      hostAliases,
      wildcardHostLines,
      onConfigError: (error) => request.log.warn({ err: error.message }, 'cannot read the ssh config for Host aliases'),
    });
  const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

  app.get('/api/groups', { schema: { response: { 200: GroupListSchema } } }, async (request): Promise<GroupList> => ({
    groups: directory(request).list(),
  }));

  app.post<{ Body: GroupInput }>('/api/groups', { schema: { body: GroupInputSchema, response: { 201: GroupSchema, ...errors } } }, async (request, reply) => {
    try {
      const group = groups.create(request.body);
      return reply.code(201).header('location', `/api/groups/${encodeURIComponent(group.id)}`).send(directory(request).expand(group));
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.get<{ Params: IdParams }>('/api/groups/:id', { schema: { params: IdParams, response: { 200: GroupSchema, ...errors } } }, async (request, reply) => {
    return directory(request).list().find((g) => g.id === request.params.id) ?? reply.code(404).send({ error: NOT_FOUND });
  });

  const refuseConfigGroup = (id: string) => id.startsWith(CONFIG_GROUP_ID_PREFIX);

  app.put<{ Params: IdParams; Body: GroupInput }>(
    '/api/groups/:id',
    { schema: { params: IdParams, body: GroupInputSchema, response: { 200: GroupSchema, ...errors } } },
    async (request, reply) => {
      if (refuseConfigGroup(request.params.id)) return reply.code(409).send({ error: READ_ONLY });
      try {
        const group = groups.replace(request.params.id, request.body);
        return group ? directory(request).expand(group) : reply.code(404).send({ error: NOT_FOUND });
      } catch (error) {
        return sendStoreError(reply, error);
      }
    },
  );

  app.patch<{ Params: IdParams; Body: GroupPatch }>(
    '/api/groups/:id',
    { schema: { params: IdParams, body: GroupPatchSchema, response: { 200: GroupSchema, ...errors } } },
    async (request, reply) => {
      if (refuseConfigGroup(request.params.id)) return reply.code(409).send({ error: READ_ONLY });
      try {
        const group = groups.update(request.params.id, request.body);
        return group ? directory(request).expand(group) : reply.code(404).send({ error: NOT_FOUND });
      } catch (error) {
        return sendStoreError(reply, error);
      }
    },
  );

  app.delete<{ Params: IdParams }>('/api/groups/:id', { schema: { params: IdParams, response: { 404: ApiErrorSchema, 409: ApiErrorSchema } } }, async (request, reply) => {
    if (refuseConfigGroup(request.params.id)) return reply.code(409).send({ error: READ_ONLY });
    return groups.remove(request.params.id) ? reply.code(204).send() : reply.code(404).send({ error: NOT_FOUND });
  });
};
