// The saved-sessions and closed-sessions HTTP API, driven in memory through buildApp (auth, error handler and all).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SavedSession, SavedSessionList } from '../../shared/savedSessions.js';
import { buildApp } from '../app.js';
import { SessionManager } from '../session/sessionManager.js';
import { KnownHosts } from '../ssh/knownHosts.js';
import { parseSshConfig } from '../ssh/target.js';
import { openStore, type Store } from '../store/store.js';
import { signInCookieHeader } from '../../test/support/signIn.js';
import { unsavedHosts } from './savedSessions.js';

const token = 'api-test-token-abcdefghijklmnopq';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-api-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let aliases: () => string[] = () => ['de1', 'ns1', 'ns2'];
let store: Store;
let clock = 1_000;
store = openStore({ file: ':memory:', now: () => clock });
const sessions = new SessionManager({
  sshConfig: () => parseSshConfig(''),
  knownHosts: new KnownHosts(undefined, path.join(dir, 'kh')),
  targetDefaults: { localUser: 'me', homeDir: dir },
});
const app = await buildApp({ token, clientDir: dir, sessions, hostAliases: () => aliases(), store });
afterAll(async () => {
  await app.close();
  store.close();
});
const cookie = await signInCookieHeader(app, token);

beforeEach(() => {
  for (const session of store.savedSessions.list()) store.savedSessions.remove(session.id);
  aliases = () => ['de1', 'ns1', 'ns2'];
  clock = 1_000;
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const responses: string[] = [];
async function call(method: Method, url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url,
    headers: { cookie, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
  responses.push(response.body);
  return response;
}

async function create(body: Record<string, unknown>): Promise<SavedSession> {
  const response = await call('POST', '/api/sessions/saved', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

afterAll(() => {
  // Whatever was sent, no answer ever carried a password field or a stack trace.
  for (const body of responses) {
    expect(body).not.toMatch(/"(password|passphrase)"\s*:/i);
    expect(body).not.toMatch(/hunter2/);
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
  }
  expect(responses.length).toBeGreaterThan(40);
});

describe('saved sessions over HTTP', () => {
  it('needs the token like every other route', async () => {
    for (const url of ['/api/sessions/saved', '/api/sessions/closed', '/api/sessions/closed/1']) {
      expect((await app.inject({ url })).statusCode).toBe(401);
    }
    expect((await app.inject({ method: 'POST', url: '/api/sessions/saved', payload: { name: 'x', target: 'x' } })).statusCode).toBe(401);
  });

  it('lists saved sessions and the ssh-config aliases not saved yet, marked as such', async () => {
    expect((await call('GET', '/api/sessions/saved')).json()).toEqual({
      saved: [],
      unsaved: [
        { alias: 'de1', source: 'ssh-config' },
        { alias: 'ns1', source: 'ssh-config' },
        { alias: 'ns2', source: 'ssh-config' },
      ],
    });
    const saved = await create({ name: 'Frankfurt', target: 'de1' });
    const list: SavedSessionList = (await call('GET', '/api/sessions/saved')).json();
    expect(list.saved).toEqual([saved]);
    expect(list.unsaved.map((host) => host.alias)).toEqual(['ns1', 'ns2']);
  });

  it('still lists saved sessions when the ssh config cannot be read', async () => {
    await create({ name: 'de1', target: 'de1' });
    aliases = () => {
      throw new Error('EACCES: permission denied, open ~/.ssh/config');
    };
    const response = await call('GET', '/api/sessions/saved');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ saved: [{ name: 'de1' }], unsaved: [] });
  });

  it('creates (201, with its address), reads, replaces, edits, renames and deletes', async () => {
    const response = await call('POST', '/api/sessions/saved', {
      name: 'ns1',
      target: 'alice@ns1.example.net:2222',
      auth: 'key-file',
      keyFile: '~/.ssh/id_ed25519',
      label: 'NS1',
      jumpHost: 'bastion',
    });
    expect(response.statusCode).toBe(201);
    const created: SavedSession = response.json();
    expect(response.headers.location).toBe(`/api/sessions/saved/${created.id}`);
    expect(created).toMatchObject({ name: 'ns1', auth: 'key-file', predictiveEcho: 'auto', halfDuplex: false, color: 'red' });

    expect((await call('GET', `/api/sessions/saved/${created.id}`)).json()).toEqual(created);

    clock = 2_000;
    const replaced = await call('PUT', `/api/sessions/saved/${created.id}`, { name: 'ns1', target: 'ns1', halfDuplex: true });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual({
      id: created.id,
      name: 'ns1',
      target: 'ns1',
      auth: 'agent',
      predictiveEcho: 'auto',
      halfDuplex: true,
      keepConnected: false,
      durable: 'auto',
      keepRunningWhenClosed: false,
      shellIntegration: false,
      color: 'red',
      createdAt: 1_000,
      updatedAt: 2_000,
    });

    const edited = await call('PATCH', `/api/sessions/saved/${created.id}`, { predictiveEcho: 'never', color: '#00ff88', label: 'N1' });
    expect(edited.json()).toMatchObject({ name: 'ns1', predictiveEcho: 'never', color: '#00ff88', label: 'N1', halfDuplex: true });

    const renamed = await call('PATCH', `/api/sessions/saved/${created.id}`, { name: 'Name server 1' });
    expect(renamed.json()).toMatchObject({ name: 'Name server 1', label: 'N1' });

    const cleared = await call('PATCH', `/api/sessions/saved/${created.id}`, { label: null });
    expect(cleared.json()).not.toHaveProperty('label');

    const deleted = await call('DELETE', `/api/sessions/saved/${created.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call('GET', `/api/sessions/saved/${created.id}`)).statusCode).toBe(404);
  });

  it('keeps shell integration off unless asked, and turns it on and off', async () => {
    const plain = await create({ name: 'plain', target: 'de1' });
    expect(plain.shellIntegration).toBe(false);
    const marked = await create({ name: 'marked', target: 'de1', shellIntegration: true });
    expect((await call('GET', `/api/sessions/saved/${marked.id}`)).json()).toMatchObject({ shellIntegration: true });
    const off = await call('PATCH', `/api/sessions/saved/${marked.id}`, { shellIntegration: false });
    expect(off.json()).toMatchObject({ shellIntegration: false });
    const on = await call('PUT', `/api/sessions/saved/${plain.id}`, { name: 'plain', target: 'de1', shellIntegration: true });
    expect(on.json()).toMatchObject({ shellIntegration: true });
    expect((await call('PATCH', `/api/sessions/saved/${plain.id}`, { shellIntegration: null })).statusCode).toBe(400);
  });

  it('keeps a simulated round trip from 0 to 5000 ms, and clears it with null', async () => {
    const far = await create({ name: 'far', target: 'de1', simulatedRttMs: 5000 });
    expect(far.simulatedRttMs).toBe(5000);
    expect((await call('GET', `/api/sessions/saved/${far.id}`)).json()).toMatchObject({ simulatedRttMs: 5000 });
    const none = await call('PATCH', `/api/sessions/saved/${far.id}`, { simulatedRttMs: 0 });
    expect(none.json()).toMatchObject({ simulatedRttMs: 0 });
    const cleared = await call('PATCH', `/api/sessions/saved/${far.id}`, { simulatedRttMs: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).not.toHaveProperty('simulatedRttMs');
  });

  it('answers 404 with a sentence for an unknown id, whatever the method', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { name: 'x', target: 'x' }],
      ['PATCH', { halfDuplex: true }],
      ['DELETE', undefined],
    ] as const) {
      const response = await call(method, '/api/sessions/saved/no-such-id', body);
      expect(response.statusCode, method).toBe(404);
      expect(response.json()).toEqual({ error: 'No saved session has this id; it may have been deleted.' });
    }
  });

  it('answers 409 for a name another session has, on create, replace and rename', async () => {
    await create({ name: 'de1', target: 'de1' });
    const other = await create({ name: 'ns1', target: 'ns1' });
    const message = { error: 'A saved session named "DE1" already exists; pick another name.' };
    for (const response of [
      await call('POST', '/api/sessions/saved', { name: 'DE1', target: 'de2' }),
      await call('PUT', `/api/sessions/saved/${other.id}`, { name: 'DE1', target: 'ns1' }),
      await call('PATCH', `/api/sessions/saved/${other.id}`, { name: 'DE1' }),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual(message);
    }
  });

  describe('refuses bad input with 400 and a message naming the field', () => {
    const RTT_MESSAGE = /^simulatedRttMs must be a whole number of milliseconds from 0 to 5000 \(0: no simulated delay\)$/;
    const cases: [string, unknown, RegExp][] = [
      ['no body', undefined, /JSON body/],
      ['a body that is not JSON', '{"name": ', /not valid JSON/i],
      ['an array', [], /must be a JSON object/],
      ['no name', { target: 'de1' }, /^name is required$/],
      ['no target', { name: 'de1' }, /^target is required$/],
      ['a name too long', { name: 'n'.repeat(65), target: 'de1' }, /^name must be 1 to 64 characters/],
      ['a name that is a number', { name: 42, target: 'de1' }, /^name must be/],
      ['a target ssh cannot read', { name: 'x', target: 'de 1' }, /^target: "de 1" is not a valid host name/],
      ['a target with a bad port', { name: 'x', target: 'de1:0' }, /^target: Port 0 is out of range/],
      ['an unknown auth', { name: 'x', target: 'de1', auth: 'kerberos' }, /^auth must be one of agent, key-file, password$/],
      ['key-file auth without a key', { name: 'x', target: 'de1', auth: 'key-file' }, /^keyFile is required/],
      ['a key with agent auth', { name: 'x', target: 'de1', keyFile: '/k' }, /^keyFile goes with auth "key-file" only/],
      ['a relative key file', { name: 'x', target: 'de1', auth: 'key-file', keyFile: 'k' }, /^keyFile must be an absolute path/],
      ['a bad predictive echo', { name: 'x', target: 'de1', predictiveEcho: 'on' }, /^predictiveEcho must be one of/],
      ['half duplex as a string', { name: 'x', target: 'de1', halfDuplex: 'true' }, /^halfDuplex must be true or false$/],
      ['keep connected as a string', { name: 'x', target: 'de1', keepConnected: 'yes' }, /^keepConnected must be true or false$/],
      ['an unknown durable mode', { name: 'x', target: 'de1', durable: 'on' }, /^durable must be one of auto, off$/],
      ['keep running as a number', { name: 'x', target: 'de1', keepRunningWhenClosed: 1 }, /^keepRunningWhenClosed must be true or false$/],
      ['a shell named for shell integration', { name: 'x', target: 'de1', shellIntegration: 'bash' }, /^shellIntegration must be true or false$/],
      ['a colour outside the palette', { name: 'x', target: 'de1', color: 'chartreuse' }, /^color must be one of .* or #rrggbb$/],
      ['a label too long', { name: 'x', target: 'de1', label: 'Frankfurt' }, /^label must be 1 to 8 characters/],
      ['a command too long', { name: 'x', target: 'de1', commandOnConnect: 'x'.repeat(1001) }, /^commandOnConnect must be 1 to 1000/],
      ['a bad jump host', { name: 'x', target: 'de1', jumpHost: 'a;b' }, /^jumpHost: "a;b" is not a valid host name/],
      ['a negative simulated round trip', { name: 'x', target: 'de1', simulatedRttMs: -5 }, RTT_MESSAGE],
      ['a simulated round trip that is not a whole number', { name: 'x', target: 'de1', simulatedRttMs: 99.5 }, RTT_MESSAGE],
      ['a simulated round trip too large', { name: 'x', target: 'de1', simulatedRttMs: 5001 }, RTT_MESSAGE],
      ['a simulated round trip as a string', { name: 'x', target: 'de1', simulatedRttMs: '200' }, RTT_MESSAGE],
      ['a password', { name: 'x', target: 'de1', auth: 'password', password: 'hunter2' }, /^password: longhaul never stores passwords/],
      ['an unknown field', { name: 'x', target: 'de1', host: 'de1' }, /^host is not a field longhaul knows/],
    ];

    it.each(cases)('on create: %s', async (_what, body, message) => {
      const response = await call('POST', '/api/sessions/saved', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatch(message);
      expect(store.savedSessions.list()).toEqual([]);
    });

    it('on replace and edit, leaving the session as it was', async () => {
      const saved = await create({ name: 'de1', target: 'de1' });
      for (const [method, body, message] of [
        ['PUT', { name: 'de1' }, /^target is required$/],
        ['PUT', { name: 'de1', target: 'de1', password: 'hunter2' }, /^password: longhaul never stores/],
        ['PATCH', { name: '' }, /^name must be 1 to 64/],
        ['PATCH', { name: null }, /^name must be 1 to 64/],
        ['PATCH', { target: 'no such thing' }, /^target: "no such thing" is not a valid host name/],
        ['PATCH', { passphrase: 'hunter2' }, /^passphrase: longhaul never stores/],
        ['PATCH', { keyFile: '/k' }, /^keyFile goes with auth "key-file" only/],
        ['PATCH', { halfDuplex: 1 }, /^halfDuplex must be true or false$/],
        ['PATCH', { keepConnected: null }, /^keepConnected must be true or false$/],
        ['PATCH', { simulatedRttMs: -1 }, /^simulatedRttMs must be a whole number of milliseconds from 0 to 5000/],
        ['PATCH', { simulatedRttMs: 0.5 }, /^simulatedRttMs must be a whole number/],
        ['PATCH', { simulatedRttMs: 1e6 }, /^simulatedRttMs must be a whole number of milliseconds from 0 to 5000/],
        ['PUT', { name: 'de1', target: 'de1', simulatedRttMs: 5001 }, /^simulatedRttMs must be a whole number/],
        ['PATCH', 'null', /JSON body|must be a JSON object/],
      ] as const) {
        const response = await call(method, `/api/sessions/saved/${saved.id}`, body);
        expect(response.statusCode, `${method} ${JSON.stringify(body)}`).toBe(400);
        expect(response.json().error).toMatch(message);
      }
      expect(store.savedSessions.get(saved.id)).toEqual(saved);
    });
  });
});

describe('closed sessions over HTTP', () => {
  it('lists the history without scrollback, newest first, and gives one entry with it', async () => {
    const saved = await create({ name: 'de1', target: 'de1' });
    const scrollback = '\x1b[1;32malice@de1\x1b[0m:~$ top\r\n';
    const first = store.closedSessions.add({ target: 'de1', savedSessionId: saved.id, closedAt: 10, scrollback });
    const second = store.closedSessions.add({ target: 'ns1', title: 'ns1 — logs', closedAt: 20, scrollback: 'bye\r\n' });

    const list = await call('GET', '/api/sessions/closed');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ closed: [second, first] });
    expect(list.body).not.toContain('scrollback"');

    const one = await call('GET', `/api/sessions/closed/${first.id}`);
    expect(one.json()).toEqual({ ...first, scrollback });
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['999999', 'abc', '0', '-1', '1.5', '99999999999999999999']) {
      const response = await call('GET', `/api/sessions/closed/${id}`);
      expect(response.statusCode, id).toBe(404);
      expect(response.json().error).toMatch(/^No closed session has this id/);
    }
  });
});

describe('unsavedHosts', () => {
  it('leaves out aliases a saved session targets, comparing as ssh does (ignoring case), and repeats', () => {
    const saved = [{ target: 'DE1' }, { target: 'alice@ns1' }] as SavedSession[];
    expect(unsavedHosts(['de1', 'ns1', 'ns2', 'NS2'], saved)).toEqual([
      { alias: 'ns1', source: 'ssh-config' },
      { alias: 'ns2', source: 'ssh-config' },
    ]);
  });
});
