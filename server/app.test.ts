// Web access without a browser: token, sign-in cookie, Host, Origin, security headers, logs, and clear errors.
import { describe, expect, it, afterAll } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { WebSocket } from 'ws';
import { signInCookieHeader } from '../test/support/signIn.js';
import { buildApp, type AppDeps } from './app.js';
import { SessionManager } from './session/sessionManager.js';
import { KnownHosts } from './ssh/knownHosts.js';
import { parseSshConfig } from './ssh/target.js';
import { signInCookieName } from './web/signInCookie.js';
import { createWebAccess } from './web/webAccess.js';

const token = 'unit-test-token-abcdefghijklmnop';
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-client-'));
fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>longhaul</title>');
afterAll(() => fs.rmSync(clientDir, { recursive: true, force: true }));

const sessions = new SessionManager({
  sshConfig: () => parseSshConfig('Host de1\n  HostName 127.0.0.1\n'),
  knownHosts: new KnownHosts(undefined, path.join(clientDir, 'kh')),
  targetDefaults: { localUser: 'me', homeDir: clientDir },
});
const start = (more: Partial<AppDeps> = {}) => buildApp({ token, clientDir, sessions, hostAliases: () => ['de1'], ...more });
const app = await start();
afterAll(() => app.close());
const cookie = await signInCookieHeader(app, token);
const HOST = '127.0.0.1:8022';

/** A logger that keeps every line it writes, parsed. */
function capturedLog() {
  const lines: { level: number; [key: string]: unknown }[] = [];
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: { level: 'trace', stream }, lines, text: () => text };
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

describe('web access', () => {
  it.each(['/', '/index.html', '/api/hosts', '/ws', '/nope'])('refuses %s without the token (401)', async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(401);
    expect(response.body).toMatch(/missing or wrong token/);
  });

  it('refuses a wrong token, even one that shares a prefix', async () => {
    const response = await app.inject({ url: `/?token=${token.slice(0, -1)}X` });
    expect(response.statusCode).toBe(401);
  });

  it('moves the token from the address bar into an HttpOnly, SameSite=Strict cookie', async () => {
    const response = await app.inject({ url: `/?token=${token}` });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${signInCookieName(token, false)}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const page = await app.inject({ url: '/', headers: { cookie: setCookie.split(';')[0]! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>longhaul</title>');
  });

  it('sets security headers: CSP without inline script, no framing, nosniff, no referrer', async () => {
    const response = await app.inject({ url: '/', headers: { cookie } });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    // Even refusals carry them.
    const refused = await app.inject({ url: '/' });
    expect(refused.headers['content-security-policy']).toBe(csp);
  });

  it('lists the Host aliases of the ssh config', async () => {
    const response = await app.inject({ url: '/api/hosts', headers: { cookie } });
    expect(response.json()).toEqual({ hosts: ['de1'] });
  });

  it('refuses a WebSocket from a foreign Origin (403) even with the token', async () => {
    const response = await app.inject({
      url: '/ws',
      headers: { cookie, upgrade: 'websocket', connection: 'upgrade', origin: 'http://evil.example', host: HOST },
    });
    expect(response.statusCode).toBe(403);
  });

  it('answers unknown pages with 404 and no stack trace', async () => {
    const response = await app.inject({ url: '/no/such/thing', headers: { cookie } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('the sign-in cookie', () => {
  it('is a credential of its own, never the token, and not accepted as a Bearer token', async () => {
    const value = cookie.split('=')[1]!;
    expect(value).not.toBe(token);
    expect(value).not.toContain(token);
    expect((await app.inject({ url: '/api/hosts', headers: { authorization: `Bearer ${value}` } })).statusCode).toBe(401);
    // The token itself, as the old cookie carried it, is no cookie either.
    expect((await app.inject({ url: '/api/hosts', headers: { cookie: `${signInCookieName(token, false)}=${token}` } })).statusCode).toBe(401);
    // Scripts keep using the token as a Bearer token.
    expect((await app.inject({ url: '/api/hosts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('opens the WebSocket', async () => {
    const socket = await app.injectWS('/ws', { headers: { cookie, host: HOST } });
    socket.terminate();
    await expect(app.injectWS('/ws', { headers: { host: HOST } })).rejects.toThrow(/401/);
  });

  it('gives each browser its own sign-in, and a browser already signed in keeps its own', async () => {
    const other = await signInCookieHeader(app, token);
    expect(other).not.toBe(cookie);
    const again = await app.inject({ url: `/?token=${token}`, headers: { cookie } });
    expect(again.statusCode).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('is a __Host- cookie, Secure, for the whole site, when served over TLS', () => {
    expect(signInCookieName(token, true)).toMatch(/^__Host-longhaul_[0-9a-f]{12}$/);
  });

  it('stops working everywhere after Sign out everywhere, and open WebSockets of signed-in browsers close', async () => {
    const own = await start();
    try {
      const mine = await signInCookieHeader(own, token);
      const theirs = await signInCookieHeader(own, token);
      const socket = await own.injectWS('/ws', { headers: { cookie: theirs, host: HOST } });
      const socketClosed = closed(socket);
      const scriptSocket = await own.injectWS('/ws', { headers: { authorization: `Bearer ${token}`, host: HOST } });

      // Another site's page on the same host (cookies are not scoped by port) cannot sign the user out.
      const forged = await own.inject({ method: 'POST', url: '/api/sign-out-everywhere', headers: { cookie: mine, host: HOST, origin: 'http://127.0.0.1:9999' } });
      expect(forged.statusCode).toBe(403);
      expect((await own.inject({ url: '/api/hosts', headers: { cookie: theirs } })).statusCode).toBe(200);

      const signOut = await own.inject({ method: 'POST', url: '/api/sign-out-everywhere', headers: { cookie: mine, host: HOST, origin: `http://${HOST}` } });
      expect(signOut.statusCode).toBe(204);
      expect(String(signOut.headers['set-cookie'])).toMatch(new RegExp(`^${signInCookieName(token, false)}=;.*Max-Age=0`));
      for (const signedOut of [mine, theirs]) {
        expect((await own.inject({ url: '/api/hosts', headers: { cookie: signedOut } })).statusCode).toBe(401);
      }
      expect(await socketClosed).toBe(1008);
      expect(scriptSocket.readyState).toBe(scriptSocket.OPEN);
      scriptSocket.terminate();
      expect((await own.inject({ url: '/api/hosts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('stops working when longhaul restarts', async () => {
    const before = await start();
    const signedIn = await signInCookieHeader(before, token);
    expect((await before.inject({ url: '/api/hosts', headers: { cookie: signedIn } })).statusCode).toBe(200);
    await before.close();
    const after = await start();
    try {
      expect((await after.inject({ url: '/api/hosts', headers: { cookie: signedIn } })).statusCode).toBe(401);
      expect((await after.inject({ url: '/api/hosts', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    } finally {
      await after.close();
    }
  });

  it('counts a cookie that cannot be decoded as no cookie: 401, and nothing logged as an error', async () => {
    const log = capturedLog();
    const own = await start({ logger: log.logger });
    try {
      const response = await own.inject({ url: '/api/hosts', headers: { cookie: `${signInCookieName(token, false)}=%E0%A4%A` } });
      expect(response.statusCode).toBe(401);
      expect(response.body).toMatch(/missing or wrong token/);
      expect(log.lines.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('one-time login links', () => {
  it('sign a browser in once; the second use is refused', async () => {
    const access = createWebAccess(token);
    const own = await start({ access });
    try {
      const secret = access.oneTimeLinks.issue();
      expect(secret).not.toBe(token);
      const first = await own.inject({ url: `/?login=${secret}` });
      expect(first.statusCode).toBe(303);
      expect(first.headers.location).toBe('/');
      const signedIn = String(first.headers['set-cookie']).split(';')[0]!;
      expect((await own.inject({ url: '/api/hosts', headers: { cookie: signedIn } })).statusCode).toBe(200);
      const second = await own.inject({ url: `/?login=${secret}` });
      expect(second.statusCode).toBe(401);
      expect(second.body).toMatch(/already used or is more than a minute old/);
      expect(second.headers['set-cookie']).toBeUndefined();
      // In the browser it signed in, the used link (a reload) goes on to the page.
      const reload = await own.inject({ url: `/?login=${secret}`, headers: { cookie: signedIn } });
      expect(reload.statusCode).toBe(303);
      expect(reload.headers['set-cookie']).toBeUndefined();
      // A link is not the token: it opens nothing to a script.
      expect((await own.inject({ url: '/api/hosts', headers: { authorization: `Bearer ${secret}` } })).statusCode).toBe(401);
    } finally {
      await own.close();
    }
  });

  it('expire 60 s after they are made', async () => {
    let now = 5_000_000;
    const access = createWebAccess(token, () => now);
    const own = await start({ access });
    try {
      const secret = access.oneTimeLinks.issue();
      now += 60_000;
      const response = await own.inject({ url: `/?login=${secret}` });
      expect(response.statusCode).toBe(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    } finally {
      await own.close();
    }
  });
});

describe('the Host a request is addressed to', () => {
  it.each(['evil.example:8022', 'evil.example', '127.0.0.1.nip.io:8022', '10.0.0.5:8022'])('refuses %s even with the token (DNS rebinding)', async (host) => {
    const response = await app.inject({ url: '/api/hosts', headers: { host, authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(403);
    expect(response.body).toMatch(/refused a request for .*--allow-host/);
  });

  it('refuses a WebSocket addressed to a foreign name', async () => {
    await expect(app.injectWS('/ws', { headers: { cookie, host: 'evil.example:8022', origin: 'http://evil.example:8022' } })).rejects.toThrow(/403/);
  });

  it.each(['127.0.0.1:8022', 'localhost:8022', '[::1]:8022', '127.0.0.1:9000'])('answers %s on loopback', async (host) => {
    const response = await app.inject({ url: '/api/hosts', headers: { host, cookie } });
    expect(response.statusCode).toBe(200);
  });

  it('answers a name given with --allow-host', async () => {
    const own = await start({ allowHosts: ['longhaul.example.com'] });
    try {
      const response = await own.inject({ url: '/api/hosts', headers: { host: 'LongHaul.example.com:8443', authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe('what reaches the log', () => {
  it('never holds the token, however the address spells it', async () => {
    const log = capturedLog();
    const access = createWebAccess(token);
    const own = await start({ logger: log.logger, access });
    try {
      const login = access.oneTimeLinks.issue();
      for (const url of [
        `/?%74oken=${token}`,
        `/?%54OKEN=${token}`,
        `/api/hosts?ToKeN=${encodeURIComponent(token)}&x=1`,
        `/api/hosts?x=%E0%A4%A&%74oken=${token}`,
        `/somewhere/${token}`,
        `/?login=${login}`,
      ]) {
        await own.inject({ url, headers: { cookie } });
      }
      expect(log.lines.length).toBeGreaterThan(0);
      expect(log.text()).toContain('[redacted]');
      expect(log.text()).not.toContain(token);
      expect(log.text()).not.toContain(login);
      expect(log.text()).not.toContain(cookie.split('=')[1]);
    } finally {
      await own.close();
    }
  });
});

describe('the redirect after signing in', () => {
  // Over a real socket: an in-memory request would have its path normalised before longhaul saw it.
  it.each([
    ['/.//evil.example/?token=', '/evil.example/'],
    ['//evil.example/?token=', '/evil.example/'],
    ['/\\evil.example/?token=', '/evil.example/'],
    ['/index.html?a=1&token=', '/index.html?a=1'],
  ])('from %s stays on longhaul (%s)', async (url, location) => {
    const own = await start();
    try {
      await own.listen({ host: '127.0.0.1', port: 0 });
      const { port } = own.server.address() as AddressInfo;
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: `${url}${token}` }, (res) => resolve(res.resume())).on('error', reject);
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(location);
    } finally {
      await own.close();
    }
  });
});
