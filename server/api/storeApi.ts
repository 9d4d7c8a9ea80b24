// The store's HTTP routes in one plugin, for buildApp to register: saved sessions, closed-session history, line history.
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/store.js';
import { closedSessionsApi } from './closedSessions.js';
import { lineHistoryApi } from './lineHistory.js';
import { savedSessionsApi } from './savedSessions.js';

export interface StoreApiOptions {
  store: Store;
  hostAliases: () => string[];
}

export const storeApi: FastifyPluginAsync<StoreApiOptions> = async (app, options) => {
  await app.register(savedSessionsApi, options);
  await app.register(closedSessionsApi, { store: options.store });
  await app.register(lineHistoryApi, { store: options.store });
};
