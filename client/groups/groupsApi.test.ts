// The groups API client: what it sends where, and every refusal as the bridge's own sentence.
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../http/httpClient.js';
import { GroupRequestError, GroupsApi } from './groupsApi.js';

interface Call {
  url: string;
  init: RequestInit;
}

function apiAnswering(status: number, body: unknown, calls: Call[] = []): GroupsApi {
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return new GroupsApi(new HttpClient(fetchImpl));
}

const web = { id: 'g/1', name: 'web', members: ['web*'], hosts: [{ target: 'web1', member: 'web*' }], source: 'saved' };

describe('GroupsApi', () => {
  it('creates with POST and replaces with PUT at the group’s own address', async () => {
    const calls: Call[] = [];
    const api = apiAnswering(200, web, calls);
    expect(await api.create({ name: 'web', members: ['web*'] })).toEqual(web);
    await api.replace('g/1', { name: 'web', members: ['web*'] });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['POST /api/groups', 'PUT /api/groups/g%2F1']);
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ name: 'web', members: ['web*'] });
  });

  it('lists what the bridge keeps, never the browser’s cached copy', async () => {
    const calls: Call[] = [];
    expect(await apiAnswering(200, { groups: [web] }, calls).list()).toEqual([web]);
    expect(calls[0]!.init.cache).toBe('no-store');
  });

  it('deletes with DELETE', async () => {
    const calls: Call[] = [];
    await apiAnswering(204, undefined, calls).remove('g1');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['DELETE /api/groups/g1']);
  });

  it('turns a 400 or 409 into the bridge’s sentence', async () => {
    const refused = apiAnswering(400, { error: 'name must not be blank' }).create({ name: ' ', members: [] });
    await expect(refused).rejects.toThrow(GroupRequestError);
    await expect(refused).rejects.toMatchObject({ message: 'name must not be blank', status: 400 });
    await expect(apiAnswering(409, { error: 'A group named "B" already exists; pick another name.' }).replace('g1', { name: 'B', members: [] })).rejects.toMatchObject({
      message: 'A group named "B" already exists; pick another name.',
      status: 409,
    });
  });

  it('says so when longhaul does not answer', async () => {
    const api = new GroupsApi(new HttpClient((async () => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof fetch));
    await expect(api.list()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/^longhaul did not answer/) });
  });
});
