// The listening socket's bounds, on a real loopback listener: silent connections are closed, and open ones are capped.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { SessionManager } from '../session/sessionManager.js';
import { KnownHosts } from '../ssh/knownHosts.js';
import { parseSshConfig } from '../ssh/target.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-limits-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const token = 'limits-test-token-abcdefghijklmn';

async function listening(options: { handshakeTimeoutMs?: number; maxConnections?: number; warn?: (sentence: string) => void }) {
  const sessions = new SessionManager({
    sshConfig: () => parseSshConfig(''),
    knownHosts: new KnownHosts(undefined, path.join(dir, 'kh')),
    targetDefaults: { localUser: 'me', homeDir: dir },
  });
  const app = await buildApp({ token, clientDir: dir, sessions, hostAliases: () => [], ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as net.AddressInfo).port };
}

/** A TCP connection that has been accepted by the server (its first byte written both ways is not needed). */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closedWithin(socket: net.Socket, ms: number): Promise<{ closed: boolean; afterMs: number; received: string }> {
  const startedAt = performance.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ closed: false, afterMs: performance.now() - startedAt, received }), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, afterMs: performance.now() - startedAt, received });
    });
  });
}

describe('connections to longhaul', () => {
  it('closes a connection that never sends a request, once the handshake time is up', async () => {
    const { app, port } = await listening({ handshakeTimeoutMs: 400 });
    const silent = await connect(port);
    try {
      // Generous for a loaded machine, yet far below Node's own defaults (60 s for headers, checked every 30 s).
      const result = await closedWithin(silent, 10_000);
      expect(result.closed).toBe(true);
      expect(result.afterMs).toBeGreaterThanOrEqual(300);
      expect(result.received).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      silent.destroy();
      await app.close();
    }
  }, 20_000);

  it('keeps a connection that has sent its request', async () => {
    const { app, port } = await listening({ handshakeTimeoutMs: 400 });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/hosts`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('accepts only so many open connections, and says so once', async () => {
    const said: string[] = [];
    const { app, port } = await listening({ maxConnections: 2, warn: (sentence) => said.push(sentence) });
    const sockets: net.Socket[] = [];
    try {
      sockets.push(await connect(port), await connect(port));
      await expect.poll(() => new Promise((resolve) => app.server.getConnections((_e, count) => resolve(count)))).toBe(2);
      const third = await connect(port);
      sockets.push(third);
      expect((await closedWithin(third, 10_000)).closed).toBe(true);
      const fourth = await connect(port);
      sockets.push(fourth);
      expect((await closedWithin(fourth, 10_000)).closed).toBe(true);
      expect(said).toEqual([
        'longhaul: refused a connection: 2 are open, the most it accepts at once. A page or script may be opening connections without closing them; close it, and new connections are accepted again.',
      ]);
      expect(sockets[0]!.destroyed).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      await app.close();
    }
  }, 30_000);

  it('closes the connection of a WebSocket it refuses, so a page that keeps retrying cannot hold longhaul open', async () => {
    const { app, port } = await listening({});
    const socket = await connect(port);
    try {
      // A browser whose sign-in ended (a restart, Sign out everywhere) retries with a cookie longhaul no longer knows.
      socket.write(
        'GET /ws HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: longhaul_x=stale\r\n\r\n',
      );
      const result = await closedWithin(socket, 10_000);
      expect(result.received).toMatch(/^HTTP\/1\.1 401/);
      expect(result.closed).toBe(true);
    } finally {
      socket.destroy();
      await app.close();
    }
  }, 20_000);
});
