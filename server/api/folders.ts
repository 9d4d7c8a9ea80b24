// HTTP API for folders on a host: PUT /api/folders makes one (an uploaded folder's tree), GET /api/files/list lists one (path completion).
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { SFTPWrapper } from 'ssh2';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { FileError } from '../files/remoteFile.js';
import { listFolder, makeFolder } from '../files/remoteFolder.js';
import type { ConnectUi, RouteOverrides } from '../session/connectTarget.js';
import { unattendedLogin, type UnattendedWords } from '../session/unattendedLogin.js';
import { parseTypedTarget } from '../ssh/target.js';
import { routeForSaved, SavedField, type SavedRouteLookup } from './savedRouteQuery.js';
import { typeboxValidatorCompiler } from './validation.js';

export interface FoldersApiOptions {
  /** An SFTP session on the target: its logged-in connection, or a login made with `ui` (and a saved session's way in). */
  sftp(target: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<SFTPWrapper>;
  /** How a saved session logs in, or undefined when there is no such saved session. */
  savedRoute: SavedRouteLookup;
}

const FolderQuery = Type.Object({
  target: Type.String({ minLength: 1, maxLength: 512 }),
  path: Type.String({ minLength: 1, maxLength: 4096 }),
  saved: SavedField,
});
type FolderQuery = { target: string; path: string; saved?: string };
const ListQuery = Type.Object({
  target: Type.String({ minLength: 1, maxLength: 512 }),
  path: Type.String({ minLength: 1, maxLength: 4096 }),
  prefix: Type.Optional(Type.String({ maxLength: 1024 })),
  saved: SavedField,
});
type ListQuery = { target: string; path: string; prefix?: string; saved?: string };

const MadeSchema = Type.Object({ path: Type.String(), created: Type.Boolean() });
const ListingSchema = Type.Object({ path: Type.String(), names: Type.Array(Type.String()), more: Type.Boolean() });

const FOLDER_WORDS: UnattendedWords = { what: 'a file transfer', couldNot: 'reach', again: 'try again' };

/** The first problem with a request's target, path or prefix, in words; undefined when they can be used. */
export function folderQueryProblem({ target, path, prefix }: ListQuery): string | undefined {
  try {
    parseTypedTarget(target);
  } catch (error) {
    return `target (${target}): ${(error as Error).message}`;
  }
  if (/[\x00-\x1f\x7f]/.test(path)) return 'path: a path cannot hold control characters';
  if (prefix !== undefined && /[\x00-\x1f\x7f/]/.test(prefix)) return 'prefix: the start of a name cannot hold "/" or control characters';
  return undefined;
}

export const foldersApi: FastifyPluginAsync<FoldersApiOptions> = async (app, { sftp, savedRoute }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);

  /** Runs `work` on the target's SFTP session (the saved session's way in, if named), answering with the sentence of whatever stops it. */
  async function onHost<T>({ target, saved }: FolderQuery, reply: FastifyReply, work: (session: SFTPWrapper) => Promise<T>): Promise<T | FastifyReply> {
    const route = routeForSaved(saved, savedRoute);
    if ('refused' in route) return reply.code(400).send({ error: route.refused });
    const login = unattendedLogin(target, FOLDER_WORDS);
    let session: SFTPWrapper;
    try {
      session = await sftp(target, login.ui, route.overrides);
    } catch (error) {
      return reply.code(502).send({ error: login.sentence(error) });
    }
    try {
      return await work(session);
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      return reply.code(error.status).send({ error: error.message });
    } finally {
      session.end();
    }
  }

  app.put<{ Querystring: FolderQuery }>(
    '/api/folders',
    { schema: { querystring: FolderQuery, response: { 200: MadeSchema, 201: MadeSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 502: ApiErrorSchema } } },
    async (request, reply) => {
      const problem = folderQueryProblem(request.query);
      if (problem) return reply.code(400).send({ error: problem });
      return onHost(request.query, reply, async (session) => {
        const made = await makeFolder(session, request.query.path);
        return reply.code(made.created ? 201 : 200).send(made);
      });
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '/api/files/list',
    { schema: { querystring: ListQuery, response: { 200: ListingSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 502: ApiErrorSchema } } },
    async (request, reply) => {
      const problem = folderQueryProblem(request.query);
      if (problem) return reply.code(400).send({ error: problem });
      return onHost(request.query, reply, (session) => listFolder(session, request.query.path, request.query.prefix ?? ''));
    },
  );
};
