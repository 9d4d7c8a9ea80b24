// buildApp(deps) → the Fastify app: auth on every route, security headers, the page, and the terminal WebSocket.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { ConnectionListSchema, type ConnectionList } from '../shared/connections.js';
import { MAX_BINARY_FRAME_BYTES } from '../shared/protocol.js';
import { LiveSessionListSchema, type LiveSessionList } from '../shared/savedSessions.js';
import { hostShellsApi } from './api/hostShells.js';
import { groupsApi } from './api/groups.js';
import { filesApi } from './api/files.js';
import { foldersApi } from './api/folders.js';
import { sessionFolderApi } from './api/sessionFolder.js';
import { runApi } from './api/run.js';
import { storeApi } from './api/storeApi.js';
import { groupDirectory } from './groups/groupDirectory.js';
import { wildcardHostLines } from './groups/hostPatterns.js';
import { routeOverridesFor, shellSettingsFor } from './session/savedRoute.js';
import { searchApi } from './search/searchApi.js';
import type { SessionManager } from './session/sessionManager.js';
import { openStore, type Store } from './store/store.js';
import { HANDSHAKE_TIMEOUT_MS, limitConnections, MAX_OPEN_CONNECTIONS } from './web/connectionLimits.js';
import { redactUrl } from './web/redact.js';
import { setSecurityHeaders } from './web/securityHeaders.js';
import { signedOutCookie, signInCookieName } from './web/signInCookie.js';
import { handleTerminalSocket } from './web/terminalSocket.js';
import { createWebAccess, type WebAccess } from './web/webAccess.js';
import { createAuthHook, signInOf } from './web/webAuth.js';

export interface AppDeps {
  token: string;
  /** Sign-ins and one-time links for this token; without one, fresh ones (nobody signed in yet). */
  access?: WebAccess;
  /** The address given to --listen (default 127.0.0.1): requests for any other Host are refused. */
  listenHost?: string;
  /** More names requests may be addressed to (--allow-host). */
  allowHosts?: readonly string[];
  /** A connection that sends no request head within this long is closed (default HANDSHAKE_TIMEOUT_MS). */
  handshakeTimeoutMs?: number;
  /** Open connections at once (default MAX_OPEN_CONNECTIONS). */
  maxConnections?: number;
  /** Where a sentence for the person running longhaul goes (default: the log, as a warning). */
  warn?: (sentence: string) => void;
  /** The built page (dist/client). */
  clientDir: string;
  sessions: SessionManager;
  /** Host aliases of ~/.ssh/config, offered in the page. */
  hostAliases: () => string[];
  /** Saved sessions and closed-session history; the caller opens and closes it. Without one, an in-memory store. */
  store?: Store;
  logger?: FastifyServerOptions['logger'];
  https?: { key: Buffer; cert: Buffer };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const access = deps.access ?? createWebAccess(deps.token);
  if (access.token !== deps.token) throw new Error('buildApp: access was made for another token');
  const handshakeTimeoutMs = deps.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
  const options: FastifyServerOptions = {
    logger: deps.logger ?? false,
    // Bodies are small JSON; anything bigger is refused before it is read.
    bodyLimit: 64 * 1024,
  };
  if (deps.logger) {
    options.logger = {
      ...(typeof deps.logger === 'object' ? deps.logger : {}),
      serializers: {
        // Never let the token reach a log line, nor a sign-in or a one-time link, however the URL spells them.
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url, [access.token]) }),
      },
    } as FastifyServerOptions['logger'];
  }
  const app = deps.https
    ? Fastify({ ...options, https: { ...deps.https, handshakeTimeout: handshakeTimeoutMs } } as FastifyServerOptions)
    : Fastify(options);
  limitConnections(app.server, {
    handshakeTimeoutMs,
    maxConnections: deps.maxConnections ?? MAX_OPEN_CONNECTIONS,
    warn: deps.warn ?? ((sentence) => app.log.warn(sentence)),
  });

  app.addHook('onSend', setSecurityHeaders);
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error.message }, 'request failed');
    // No stack trace or internals reach a client: 4xx say what was wrong, 5xx only that it failed.
    return reply.code(status).send({ error: status >= 500 ? 'longhaul hit an internal error; see its log.' : error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'No such page.' }));

  // A bit above our own frame limit so oversized messages reach our validator and get a clear error.
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_BINARY_FRAME_BYTES * 4 } });
  // Auth runs after the WebSocket plugin's own onRequest hook: that hook marks an upgrade request, and only a marked
  // request has its socket closed once refused. Refused first, the socket stayed open, and a page retrying with an
  // ended sign-in kept longhaul from stopping.
  const secure = Boolean(deps.https);
  app.addHook(
    'onRequest',
    createAuthHook({ access, secure, hosts: { listenHost: deps.listenHost ?? '127.0.0.1', allowHosts: deps.allowHosts ?? [] } }),
  );

  app.get('/ws', { websocket: true }, (socket, request) => {
    if (signInOf(request) !== undefined) {
      // Signing out everywhere also ends what a signed-in browser already has open.
      const unsubscribe = access.signIns.onRevokeAll(() => socket.close(1008, 'signed out'));
      socket.once('close', unsubscribe);
    }
    handleTerminalSocket(socket, {
      sessions: deps.sessions,
      log: request.log,
      savedSession: (id) => {
        const saved = store.savedSessions.get(id);
        return saved ? shellSettingsFor(saved) : undefined;
      },
    });
  });

  /** Sign out everywhere: every browser's sign-in stops working (the token itself still does). */
  app.post('/api/sign-out-everywhere', async (_request, reply) => {
    access.signIns.revokeAll();
    return reply.header('set-cookie', signedOutCookie(signInCookieName(access.token, secure), secure)).code(204).send();
  });

  app.get('/api/hosts', async () => ({ hosts: deps.hostAliases() }));
  /** Live sessions, attached or not: what "Reopen closed tab" and a reloaded page can attach to. */
  app.get('/api/connections', { schema: { response: { 200: ConnectionListSchema } } }, async (): Promise<ConnectionList> => ({
    connections: deps.sessions.connectionList(),
  }));
  app.get('/api/sessions/live', { schema: { response: { 200: LiveSessionListSchema } } }, async (): Promise<LiveSessionList> => ({
    sessions: deps.sessions.list(),
  }));
  const store = deps.store ?? openStore({ file: ':memory:' });
  if (!deps.store) app.addHook('onClose', async () => store.close());
  await app.register(storeApi, { store, hostAliases: deps.hostAliases });
  await app.register(hostShellsApi, { sessions: deps.sessions });
  const configHostLines = () => wildcardHostLines(deps.sessions.sshConfig());
  await app.register(groupsApi, { store, hostAliases: deps.hostAliases, wildcardHostLines: configHostLines });
  await app.register(runApi, {
    store,
    exec: (target, command, ui, overrides) => deps.sessions.exec(target, command, ui, overrides),
    loggedIn: (target, overrides) => deps.sessions.hasLoggedInConnection(target, overrides),
    groups: (request) =>
      groupDirectory({
        store,
        hostAliases: deps.hostAliases,
        wildcardHostLines: configHostLines,
        onConfigError: (error) => request.log.warn({ err: error.message }, 'cannot read the ssh config for Host aliases'),
      }),
  });
  await app.register(searchApi, { store, sessions: deps.sessions });
  await app.register(sessionFolderApi, { session: (id) => deps.sessions.get(id) });
  /** A tab from a saved session sends its id with its transfers: they log in the way the tab did. */
  const savedRoute = (id: string) => {
    const saved = store.savedSessions.get(id);
    return saved ? routeOverridesFor(saved) : undefined;
  };
  await app.register(filesApi, {
    sftp: (target, ui, overrides) => deps.sessions.sftp(target, ui, overrides),
    exec: (target, command, ui, overrides) => deps.sessions.exec(target, command, ui, overrides),
    savedRoute,
  });
  await app.register(foldersApi, { sftp: (target, ui, overrides) => deps.sessions.sftp(target, ui, overrides), savedRoute });

  if (fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(deps.clientDir), index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('longhaul: the page is not built. Run `npm run build` (npm start does it for you).\n'),
    );
  }

  app.addHook('onClose', async () => {
    await deps.sessions.closeAll();
  });
  return app;
}
