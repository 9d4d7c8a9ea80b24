// buildApp(deps) → the Fastify app: auth on every route, security headers, the page, and the terminal WebSocket.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MAX_BINARY_FRAME_BYTES } from '../shared/protocol.js';
import { LiveSessionListSchema, type LiveSessionList } from '../shared/savedSessions.js';
import { storeApi } from './api/storeApi.js';
import { routeOverridesFor } from './session/savedRoute.js';
import type { SessionManager } from './session/sessionManager.js';
import { openStore, type Store } from './store/store.js';
import { setSecurityHeaders } from './web/securityHeaders.js';
import { handleTerminalSocket } from './web/terminalSocket.js';
import { createAuthHook } from './web/webAuth.js';

export interface AppDeps {
  token: string;
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

/** Never let the token reach a log line. */
export function redactToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options: FastifyServerOptions = {
    logger: deps.logger ?? false,
    // Bodies are small JSON; anything bigger is refused before it is read.
    bodyLimit: 64 * 1024,
  };
  if (deps.logger) {
    options.logger = {
      ...(typeof deps.logger === 'object' ? deps.logger : {}),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactToken(req.url) }),
      },
    } as FastifyServerOptions['logger'];
  }
  const app = deps.https
    ? Fastify({ ...options, https: deps.https } as FastifyServerOptions)
    : Fastify(options);

  app.addHook('onRequest', createAuthHook({ token: deps.token, secureCookie: Boolean(deps.https) }));
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

  app.get('/ws', { websocket: true }, (socket, request) => {
    handleTerminalSocket(socket, {
      sessions: deps.sessions,
      log: request.log,
      savedRoute: (id) => {
        const saved = store.savedSessions.get(id);
        return saved ? routeOverridesFor(saved) : undefined;
      },
    });
  });

  app.get('/api/hosts', async () => ({ hosts: deps.hostAliases() }));
  /** Live sessions, attached or not: what "Reopen closed tab" and a reloaded page can attach to. */
  app.get('/api/sessions/live', { schema: { response: { 200: LiveSessionListSchema } } }, async (): Promise<LiveSessionList> => ({
    sessions: deps.sessions.list(),
  }));
  const store = deps.store ?? openStore({ file: ':memory:' });
  if (!deps.store) app.addHook('onClose', async () => store.close());
  await app.register(storeApi, { store, hostAliases: deps.hostAliases });

  if (fs.existsSync(path.join(deps.clientDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(deps.clientDir), index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain').send('longhaul: the page is not built. Run `npm run build` (npm start does it for you).\n'),
    );
  }

  app.addHook('onClose', async () => deps.sessions.closeAll());
  return app;
}
