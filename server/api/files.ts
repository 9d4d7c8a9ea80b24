// HTTP API for files on a host: PUT the raw bytes of one to a path (streamed over SFTP, never held whole), GET one back as a download.
import path from 'node:path/posix';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SFTPWrapper } from 'ssh2';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { FileError, openDownload, uploadFile } from '../files/remoteFile.js';
import type { ConnectUi, RouteOverrides } from '../session/connectTarget.js';
import { unattendedLogin, type UnattendedWords } from '../session/unattendedLogin.js';
import { parseTypedTarget } from '../ssh/target.js';
import type { CommandChannel } from '../ssh/sshConnection.js';
import { shellWord } from '../ssh/shellWord.js';
import { routeForSaved, SavedField, type SavedRouteLookup } from './savedRouteQuery.js';
import { typeboxValidatorCompiler } from './validation.js';

export interface FilesApiOptions {
  /** An SFTP session on the target: its logged-in connection, or a login made with `ui` (and a saved session's way in). */
  sftp(target: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<SFTPWrapper>;
  /** A command's exec channel on the target (a folder's tar is made by `tar` on the host). */
  exec(target: string, command: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<CommandChannel>;
  /** How a saved session logs in (its key file, jump host), or undefined when there is no such saved session. */
  savedRoute: SavedRouteLookup;
}

const FileQuery = Type.Object({
  target: Type.String({ minLength: 1, maxLength: 512 }),
  path: Type.String({ minLength: 1, maxLength: 4096 }),
  overwrite: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
  /** A tab opened from a saved session sends its id: the transfer logs in the way that tab did. */
  saved: SavedField,
});
type FileQuery = { target: string; path: string; overwrite?: '1' | '0'; saved?: string };

const UploadedSchema = Type.Object({ path: Type.String(), bytes: Type.Integer(), sha256: Type.String() });

const TRANSFER_WORDS: UnattendedWords = { what: 'a file transfer', couldNot: 'reach', again: 'try again' };

/** The first problem with a request's target or path, in words; undefined when both can be used. */
function queryProblem({ target, path: remotePath }: FileQuery): string | undefined {
  try {
    parseTypedTarget(target);
  } catch (error) {
    return `target (${target}): ${(error as Error).message}`;
  }
  // A path is the host's own (nothing is rewritten); a control character in one is a mistake, never a file name.
  if (/[\x00-\x1f\x7f]/.test(remotePath)) return 'path: a path cannot hold control characters';
  return undefined;
}

/** The download's name, plainly for every client (ASCII, no quotes) and exactly for those that read RFC 5987. */
export function attachment(name: string): string {
  const plain = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The command that writes a folder as a tar to its stdout, named by the folder's own name inside. */
export function tarCommand(folder: string): string {
  const trimmed = folder.replace(/\/+$/, '') || '/';
  return `tar -C ${shellWord(path.dirname(trimmed))} -cf - -- ${shellWord(path.basename(trimmed) || '.')}`;
}

export const filesApi: FastifyPluginAsync<FilesApiOptions> = async (app, { sftp, exec, savedRoute }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  // Whatever its type, an upload's body is the file: passed on as it arrives, not parsed nor gathered.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  /** The way in the request asks for (a saved session's), or the reply already sent refusing it. */
  function routeOf(request: FastifyRequest<{ Querystring: FileQuery }>, reply: FastifyReply): { overrides?: RouteOverrides } | undefined {
    const route = routeForSaved(request.query.saved, savedRoute);
    if (!('refused' in route)) return route;
    void refuse(request, reply, 400, route.refused);
    return undefined;
  }

  /** The target's SFTP session, or the reply already sent with the sentence saying why there is none. */
  async function open(target: string, overrides: RouteOverrides | undefined, request: FastifyRequest, reply: FastifyReply): Promise<SFTPWrapper | undefined> {
    const login = unattendedLogin(target, TRANSFER_WORDS);
    try {
      return await sftp(target, login.ui, overrides);
    } catch (error) {
      await refuse(request, reply, 502, login.sentence(error));
      return undefined;
    }
  }

  /**
   * Answers with a sentence. An upload's body left unread is not waited for: the connection closes after the answer,
   * so the sender stops sending (a big file refused would otherwise go on being sent to nobody).
   */
  function refuse(request: FastifyRequest, reply: FastifyReply, status: number, sentence: string): FastifyReply {
    if (request.method === 'PUT') {
      reply.raw.once('finish', () => request.raw.destroy());
      reply.header('connection', 'close');
    }
    return reply.code(status).send({ error: sentence });
  }

  /** A folder as a tar made on the fly on the host (its size is not known ahead: no content-length). */
  async function sendFolder(target: string, overrides: RouteOverrides | undefined, folder: string, name: string, reply: FastifyReply): Promise<FastifyReply> {
    const login = unattendedLogin(target, TRANSFER_WORDS);
    let running: CommandChannel;
    try {
      running = await exec(target, tarCommand(folder), login.ui, overrides);
    } catch (error) {
      return reply.code(502).send({ error: login.sentence(error) });
    }
    const { channel } = running;
    channel.stderr.resume();
    // The reader went before the end: tar on the host is not left writing to nobody.
    reply.raw.once('close', () => channel.close());
    return reply.header('content-type', 'application/x-tar').header('content-disposition', attachment(`${name}.tar`)).send(channel);
  }

  app.put<{ Querystring: FileQuery }>(
    '/api/files',
    {
      schema: {
        querystring: FileQuery,
        response: { 201: UploadedSchema, 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 502: ApiErrorSchema, 507: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const problem = queryProblem(request.query);
      if (problem) return refuse(request, reply, 400, problem);
      // Without a body (no Content-Type) Fastify gives none: the raw request is the (empty) file.
      const body = (request.body as NodeJS.ReadableStream | undefined) ?? request.raw;
      const route = routeOf(request, reply);
      if (!route) return reply;
      const session = await open(request.query.target, route.overrides, request, reply);
      if (!session) return reply;
      try {
        const uploaded = await uploadFile(session, request.query.path, body as import('node:stream').Readable, {
          overwrite: request.query.overwrite === '1',
          host: request.query.target,
          // A cut connection is made again without asking anything, as the first one was.
          reconnect: () => sftp(request.query.target, unattendedLogin(request.query.target, TRANSFER_WORDS).ui, route.overrides),
        });
        return await reply.code(201).send(uploaded);
      } catch (error) {
        if (!(error instanceof FileError)) throw error;
        return await refuse(request, reply, error.status, error.message);
      } finally {
        session.end();
      }
    },
  );

  app.get<{ Querystring: FileQuery }>(
    '/api/files',
    { schema: { querystring: FileQuery, response: { 400: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 502: ApiErrorSchema } } },
    async (request, reply) => {
      const problem = queryProblem(request.query);
      if (problem) return refuse(request, reply, 400, problem);
      const route = routeOf(request, reply);
      if (!route) return reply;
      const session = await open(request.query.target, route.overrides, request, reply);
      if (!session) return reply;
      try {
        const opened = await openDownload(session, request.query.path, {
          // A cut connection is made again without asking anything, as the first one was; the response carries on.
          reconnect: () => sftp(request.query.target, unattendedLogin(request.query.target, TRANSFER_WORDS).ui, route.overrides),
        });
        const name = path.basename(request.query.path.replace(/\/+$/, '')) || 'download';
        if (opened.kind === 'folder') {
          session.end();
          return await sendFolder(request.query.target, route.overrides, request.query.path, name, reply);
        }
        const { size, stream } = opened;
        stream.once('close', () => session.end());
        return await reply
          .header('content-type', 'application/octet-stream')
          .header('content-length', String(size))
          .header('content-disposition', attachment(name))
          .send(stream);
      } catch (error) {
        session.end();
        if (!(error instanceof FileError)) throw error;
        return await refuse(request, reply, error.status, error.message);
      }
    },
  );
};
