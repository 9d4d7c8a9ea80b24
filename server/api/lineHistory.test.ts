// Half-duplex line history through the real route and the page's own storage client, on an in-memory app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineHistory, serverLineHistory } from '../../client/halfDuplex/lineHistory.js';
import { buildApp } from '../app.js';
import { SessionManager } from '../session/sessionManager.js';
import { KnownHosts } from '../ssh/knownHosts.js';
import { parseSshConfig } from '../ssh/target.js';
import { openStore } from '../store/store.js';
import { signInCookieHeader } from '../../test/support/signIn.js';

const token = 'line-history-token-abcdefghijklm';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-line-history-'));
const dbFile = path.join(dir, 'longhaul.db');

async function start() {
  const store = openStore({ file: dbFile });
  const sessions = new SessionManager({
    sshConfig: () => parseSshConfig(''),
    knownHosts: new KnownHosts(undefined, path.join(dir, 'kh')),
    targetDefaults: { localUser: 'me', homeDir: dir },
  });
  const app = await buildApp({ token, clientDir: dir, sessions, hostAliases: () => [], store });
  const cookie = await signInCookieHeader(app, token);
  /** The page's fetch, answered by the app in memory, with the auth cookie the browser would send. */
  const fetchFn = (async (url: string, init: RequestInit = {}) => {
    const response = await app.inject({
      url,
      method: (init.method ?? 'GET') as 'GET',
      headers: { ...(init.headers as Record<string, string>), cookie },
      ...(init.body ? { payload: init.body as string } : {}),
    });
    return new Response(response.statusCode === 204 ? null : response.body, { status: response.statusCode });
  }) as typeof fetch;
  return { app, store, fetchFn, cookie, stop: async () => { await app.close(); store.close(); } };
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('line history in the store', () => {
  it('keeps lines per host across a restart of longhaul', async () => {
    const first = await start();
    const history = await LineHistory.open(serverLineHistory(first.fetchFn), 'de1');
    history.add('uptime');
    history.add('df -h');
    history.add('df -h'); // a repeat is kept once
    await history.flush();
    const other = await LineHistory.open(serverLineHistory(first.fetchFn), 'ns1');
    other.add('dig example.com');
    await other.flush();
    await first.stop();

    const second = await start();
    try {
      expect((await serverLineHistory(second.fetchFn).load('de1'))).toEqual(['uptime', 'df -h']);
      expect((await serverLineHistory(second.fetchFn).load('ns1'))).toEqual(['dig example.com']);
      expect((await serverLineHistory(second.fetchFn).load('nowhere'))).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('refuses a bad line with a 400 and a sentence', async () => {
    const app = await start();
    try {
      const response = await app.app.inject({
        url: '/api/line-history/de1',
        method: 'POST',
        headers: { cookie: app.cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ line: 'x'.repeat(5000) }),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(/line/);
      const unauthenticated = await app.app.inject({ url: '/api/line-history/de1' });
      expect(unauthenticated.statusCode).toBe(401);
    } finally {
      await app.stop();
    }
  });
});
