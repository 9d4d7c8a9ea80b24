// HTTP API for host groups: list (saved ones, then one per wildcard Host line of ~/.ssh/config), create, read, replace, edit, delete.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  GroupInputSchema,
  GroupListSchema,
  GroupPatchSchema,
  GroupSchema,
  type Group,
  type GroupInput,
  type GroupList,
  type GroupPatch,
} from '../../shared/groups.js';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { expandMembers, matchesHostLine, type MemberContext } from '../groups/hostPatterns.js';
import type { StoredGroup } from '../store/hostGroups.js';
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
const CONFIG_GROUP_ID_PREFIX = 'ssh-config:';
const READ_ONLY = 'This group is a Host line of ~/.ssh/config; change it there, or save a group of your own.';

export const groupsApi: FastifyPluginAsync<GroupsApiOptions> = async (app, { store, hostAliases, wildcardHostLines }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  const groups = store.hostGroups;
  const errors = { 400: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema };

  /** An unreadable ssh config must not hide saved groups: they list without its aliases. */
  const context = (request: FastifyRequest): MemberContext & { lines: string[][] } => {
    let aliases: string[] = [];
    let lines: string[][] = [];
    try {
      aliases = hostAliases();
      lines = wildcardHostLines();
    } catch (error) {
      request.log.warn({ err: (error as Error).message }, 'cannot read the ssh config for Host aliases');
    }
    return { aliases, lines, savedSessions: store.savedSessions.list() };
  };
  const expanded = (group: StoredGroup, ctx: MemberContext): Group => ({ ...group, hosts: expandMembers(group.members, ctx), source: 'saved' });
  const fromConfig = (ctx: MemberContext & { lines: string[][] }): Group[] =>
    ctx.lines.map((patterns) => {
      const name = patterns.join(' ');
      return {
        id: `${CONFIG_GROUP_ID_PREFIX}${name}`,
        name,
        members: patterns,
        hosts: ctx.aliases.filter((alias) => matchesHostLine(alias, patterns)).map((alias) => ({ target: alias, member: name })),
        source: 'ssh-config',
      };
    });

  app.get('/api/groups', { schema: { response: { 200: GroupListSchema } } }, async (request): Promise<GroupList> => {
    const ctx = context(request);
    return { groups: [...groups.list().map((g) => expanded(g, ctx)), ...fromConfig(ctx)] };
  });

  app.post<{ Body: GroupInput }>('/api/groups', { schema: { body: GroupInputSchema, response: { 201: GroupSchema, ...errors } } }, async (request, reply) => {
    try {
      const group = groups.create(request.body);
      return reply.code(201).header('location', `/api/groups/${encodeURIComponent(group.id)}`).send(expanded(group, context(request)));
    } catch (error) {
      return sendStoreError(reply, error);
    }
  });

  app.get<{ Params: IdParams }>('/api/groups/:id', { schema: { params: IdParams, response: { 200: GroupSchema, ...errors } } }, async (request, reply) => {
    const ctx = context(request);
    const stored = groups.get(request.params.id);
    if (stored) return expanded(stored, ctx);
    return fromConfig(ctx).find((g) => g.id === request.params.id) ?? reply.code(404).send({ error: NOT_FOUND });
  });

  const refuseConfigGroup = (id: string) => id.startsWith(CONFIG_GROUP_ID_PREFIX);

  app.put<{ Params: IdParams; Body: GroupInput }>(
    '/api/groups/:id',
    { schema: { params: IdParams, body: GroupInputSchema, response: { 200: GroupSchema, ...errors } } },
    async (request, reply) => {
      if (refuseConfigGroup(request.params.id)) return reply.code(409).send({ error: READ_ONLY });
      try {
        const group = groups.replace(request.params.id, request.body);
        return group ? expanded(group, context(request)) : reply.code(404).send({ error: NOT_FOUND });
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
        return group ? expanded(group, context(request)) : reply.code(404).send({ error: NOT_FOUND });
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
