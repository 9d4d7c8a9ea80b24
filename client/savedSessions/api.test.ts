import { describe, expect, it } from 'vitest';
import type { ClosedSessionSummary, SavedSession } from '../../shared/savedSessions.js';
import { ApiRequestError, errorSentence, SavedSessionsApi } from './api.js';

interface Call {
  url: string;
  method: string;
  body: unknown;
}

// Answers are checked against the shared schemas, so the fakes answer in full.
const SAVED: SavedSession = {
  id: 'a',
  name: 'ns1',
  target: 'de1',
  auth: 'agent',
  predictiveEcho: 'auto',
  halfDuplex: false,
  keepConnected: false,
  durable: 'auto',
  keepRunningWhenClosed: false,
  shellIntegration: false,
  color: 'blue',
  createdAt: 1_767_225_600_000,
  updatedAt: 1_767_225_600_000,
};

const CLOSED: ClosedSessionSummary = {
  id: 3,
  target: 'de1',
  title: 'de1',
  closedAt: 1_767_225_600_000,
  scrollbackBytes: 0,
  scrollbackTruncated: false,
};

/** `body` is the answer to every request, or a function of the requested URL. */
function fakeFetch(status: number, body: unknown, calls: Call[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const answer: unknown = typeof body === 'function' ? (body as (url: string) => unknown)(url) : body;
    const text = answer === undefined ? '' : typeof answer === 'string' ? answer : JSON.stringify(answer);
    return new Response(status === 204 ? null : text, { status });
  }) as unknown as typeof fetch;
}

describe('SavedSessionsApi', () => {
  it('creates with a JSON body and returns the saved session', async () => {
    const calls: Call[] = [];
    const api = new SavedSessionsApi(fakeFetch(201, SAVED, calls));
    expect(await api.create({ name: 'ns1', target: 'de1' })).toEqual(SAVED);
    expect(calls).toEqual([{ url: '/api/sessions/saved', method: 'POST', body: { name: 'ns1', target: 'de1' } }]);
  });

  it('addresses one session by its id, escaped', async () => {
    const calls: Call[] = [];
    const api = new SavedSessionsApi(fakeFetch(204, undefined, calls));
    await api.remove('a/b');
    expect(calls[0]).toMatchObject({ url: '/api/sessions/saved/a%2Fb', method: 'DELETE' });
  });

  it('lists the history and reads one closed session', async () => {
    const calls: Call[] = [];
    const api = new SavedSessionsApi(
      fakeFetch(200, (url: string) => (url === '/api/sessions/closed' ? { closed: [CLOSED] } : { ...CLOSED, scrollback: '' }), calls),
    );
    expect(await api.history()).toEqual([CLOSED]);
    await api.closed(3);
    expect(calls.map((c) => c.url)).toEqual(['/api/sessions/closed', '/api/sessions/closed/3']);
  });

  it("turns a 400 into the bridge's sentence", async () => {
    const api = new SavedSessionsApi(fakeFetch(400, { error: 'label must be 1 to 8 characters, without control characters' }));
    const error = await api.create({ name: 'x', target: 'de1', label: 'Frankfurt' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, message: 'label must be 1 to 8 characters, without control characters' });
  });

  it('says so when longhaul does not answer', async () => {
    const api = new SavedSessionsApi((async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch);
    await expect(api.list()).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/did not answer/) });
  });

  it('refuses an answer that is not a saved session, saying so', async () => {
    const api = new SavedSessionsApi(fakeFetch(201, { id: 'a', name: 'ns1' }));
    const error = await api.create({ name: 'ns1', target: 'de1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 201, message: expect.stringMatching(/not what this page expects/) });
  });
});

describe('errorSentence', () => {
  it('prefers the error the bridge gave, and has words for answers without one', () => {
    expect(errorSentence(409, { error: 'A saved session named "ns1" already exists; pick another name.' })).toMatch(/already exists/);
    expect(errorSentence(404, 'not json')).toMatch(/deleted/);
    expect(errorSentence(401, undefined)).toMatch(/token/);
    expect(errorSentence(500, { error: '' })).toBe('longhaul could not do that (HTTP 500).');
  });
});
