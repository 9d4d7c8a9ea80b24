// The host groups HTTP API, driven in memory through buildApp: expansion against the ssh config, ssh-config groups, 400 sentences, auth.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Group, GroupList } from '../../shared/groups.js';
import { buildApp } from '../app.js';
import { SessionManager } from '../session/sessionManager.js';
import { KnownHosts } from '../ssh/knownHosts.js';
import { listHostAliases, parseSshConfig } from '../ssh/target.js';
import { openStore } from '../store/store.js';

const token = 'groups-test-token-abcdefghijklmn';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-groups-api-'));
const configText = 'Host isu01 isu02 isu03\n  User isucon\nHost isu09\nHost de1\nHost isu0* !isu09\n  Port 22\n';
const sshConfig = () => parseSshConfig(configText);
const store = openStore({ file: ':memory:' });
const sessions = new SessionManager({
  sshConfig,
  knownHosts: new KnownHosts(undefined, path.join(dir, 'kh')),
  targetDefaults: { localUser: 'me', homeDir: dir },
});
const app = await buildApp({ token, clientDir: dir, sessions, hostAliases: () => listHostAliases(sshConfig()), store });
afterAll(async () => {
  await app.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${token}` };
const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  app.inject({ method, url, headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });

beforeEach(() => {
  for (const group of store.hostGroups.list()) store.hostGroups.remove(group.id);
});

describe('/api/groups', () => {
  it('creates a group and answers with its members expanded against the ssh config', async () => {
    const created = await call('POST', '/api/groups', { name: 'contest', members: ['isu0*', 'alice@10.0.0.5:2222'] });
    expect(created.statusCode).toBe(201);
    const group = created.json() as Group;
    expect(group).toMatchObject({ name: 'contest', members: ['isu0*', 'alice@10.0.0.5:2222'], source: 'saved' });
    expect(group.hosts.map((h) => h.target)).toEqual(['isu01', 'isu02', 'isu03', 'isu09', 'alice@10.0.0.5:2222']);
    expect((await call('GET', `/api/groups/${group.id}`)).json()).toEqual(group);
  });

  it('lists one read-only group per wildcard Host line, negations applied', async () => {
    const list = (await call('GET', '/api/groups')).json() as GroupList;
    const fromConfig = list.groups.filter((g) => g.source === 'ssh-config');
    expect(fromConfig).toEqual([
      expect.objectContaining({ name: 'isu0* !isu09', hosts: ['isu01', 'isu02', 'isu03'].map((target) => ({ target, member: 'isu0* !isu09' })) }),
    ]);
    const id = encodeURIComponent(fromConfig[0]!.id);
    expect((await call('GET', `/api/groups/${id}`)).statusCode).toBe(200);
    const edit = await call('PUT', `/api/groups/${id}`, { name: 'x', members: [] });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error).toMatch(/Host line of ~\/.ssh\/config; change it there/);
  });

  it('a saved session named as a member stands for that session', async () => {
    const saved = store.savedSessions.create({ name: 'Primary DB', target: 'admin@db.example' });
    const group = (await call('POST', '/api/groups', { name: 'dbs', members: ['primary db'] })).json() as Group;
    expect(group.hosts).toEqual([{ target: 'admin@db.example', member: 'primary db', savedSessionId: saved.id }]);
    store.savedSessions.remove(saved.id);
  });

  it('edits with PATCH and PUT, refuses a name in use, and deletes', async () => {
    const a = (await call('POST', '/api/groups', { name: 'a', members: ['de1'] })).json() as Group;
    await call('POST', '/api/groups', { name: 'b', members: [] });
    expect((await call('PATCH', `/api/groups/${a.id}`, { members: ['de1', 'isu09'] })).json()).toMatchObject({ name: 'a', members: ['de1', 'isu09'] });
    const taken = await call('PUT', `/api/groups/${a.id}`, { name: 'B', members: [] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toBe('A group named "B" already exists; pick another name.');
    expect((await call('DELETE', `/api/groups/${a.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/groups/${a.id}`)).statusCode).toBe(404);
  });

  it('answers bad input with a 400 sentence naming the field', async () => {
    const problems = async (body: unknown) => {
      const response = await call('POST', '/api/groups', body);
      expect(response.statusCode).toBe(400);
      return (response.json() as { error: string }).error;
    };
    expect(await problems({ members: [] })).toBe('name is required');
    expect(await problems({ name: 'x', members: 'de1' })).toMatch(/^members must be a list/);
    expect(await problems({ name: 'x', members: ['de1'], color: 'red' })).toBe('color is not a field longhaul knows; leave it out');
    expect(await problems({ name: '   ', members: [] })).toBe('name must not be blank');
    expect(await problems({ name: 'x', members: ['de1', 'bob@host:99999'] })).toMatch(/^members\.1 \(bob@host:99999\): Port 99999 is out of range/);
  });

  it('needs the token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/groups' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/run', payload: {} })).statusCode).toBe(401);
  });
});
