// Web access without a browser: token, cookie, Origin, security headers, and clear errors.
import { describe, expect, it, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, redactToken } from './app.js';
import { SessionManager } from './session/sessionManager.js';
import { KnownHosts } from './ssh/knownHosts.js';
import { parseSshConfig } from './ssh/target.js';
import { cookieName } from './web/token.js';

const token = 'unit-test-token-abcdefghijklmnop';
const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-client-'));
fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>longhaul</title>');
afterAll(() => fs.rmSync(clientDir, { recursive: true, force: true }));

const sessions = new SessionManager({
  sshConfig: () => parseSshConfig('Host de1\n  HostName 127.0.0.1\n'),
  knownHosts: new KnownHosts(undefined, path.join(clientDir, 'kh')),
  targetDefaults: { localUser: 'me', homeDir: clientDir },
});
const app = await buildApp({ token, clientDir, sessions, hostAliases: () => ['de1'] });
afterAll(() => app.close());
const cookie = `${cookieName(token)}=${token}`;

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
    expect(setCookie).toContain(`${cookieName(token)}=${token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await app.inject({ url: '/', headers: { cookie } });
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
      headers: { cookie, upgrade: 'websocket', connection: 'upgrade', origin: 'http://evil.example', host: '127.0.0.1:8022' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('answers unknown pages with 404 and no stack trace', async () => {
    const response = await app.inject({ url: '/no/such/thing', headers: { cookie } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/at .*\.js:\d+/);
  });

  it('keeps the token out of logged URLs', () => {
    expect(redactToken(`/?token=${token}&x=1`)).toBe('/?token=[redacted]&x=1');
  });
});
