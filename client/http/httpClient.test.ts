import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { AnyAnswer, HttpClient, HttpError, UnexpectedAnswerError } from './httpClient.js';

const Greeting = Type.Object({ hello: Type.String() });

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(status: number, text: string, calls: Call[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : text, { status });
  }) as unknown as typeof fetch;
}

describe('HttpClient', () => {
  it('calls the fetch it is given as a plain function, as a browser\'s own fetch requires', async () => {
    // Chromium's window.fetch refuses to run with `this` set to anything but the window (or nothing).
    const browserLikeFetch = function (this: unknown) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return Promise.resolve(new Response('{"hello":"world"}', { status: 200 }));
    } as unknown as typeof fetch;
    expect(await new HttpClient(browserLikeFetch).get('/api/greeting', Greeting)).toEqual({ hello: 'world' });
  });

  it('returns an answer that matches its schema', async () => {
    const calls: Call[] = [];
    const http = new HttpClient(fakeFetch(200, '{"hello":"world"}', calls));
    expect(await http.get('/api/greeting', Greeting)).toEqual({ hello: 'world' });
    expect(calls[0]).toMatchObject({ url: '/api/greeting', init: { method: 'GET', credentials: 'same-origin' } });
    expect(calls[0]!.init.body).toBeUndefined();
  });

  it('sends a JSON body with its content type, and none without a body', async () => {
    const calls: Call[] = [];
    const http = new HttpClient(fakeFetch(204, '', calls));
    await http.post('/api/things', { name: 'x' }, AnyAnswer);
    await http.post('/api/sign-out', undefined, AnyAnswer);
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"name":"x"}', headers: { 'content-type': 'application/json' } });
    expect(calls[1]!.init.headers).not.toHaveProperty('content-type');
    expect(calls[1]!.init.body).toBeUndefined();
  });

  it('turns an answer of the wrong shape into an error that says where', async () => {
    const http = new HttpClient(fakeFetch(200, '{"hello":3}'));
    const error = await http.get('/api/greeting', Greeting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedAnswerError);
    expect((error as Error).message).toMatch(/^GET \/api\/greeting: .*not what this page expects at \/hello/);
  });

  it('refuses an answer that is not JSON where one is expected', async () => {
    const http = new HttpClient(fakeFetch(200, '<html>'));
    await expect(http.put('/api/greeting', {}, Greeting)).rejects.toBeInstanceOf(UnexpectedAnswerError);
  });

  it('gives an error status with the parsed answer', async () => {
    const http = new HttpClient(fakeFetch(409, '{"error":"taken"}'));
    const error = await http.patch('/api/things/1', {}, Greeting).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 409, body: { error: 'taken' } });
  });

  it('says status 0 when longhaul cannot be reached, keeping why', async () => {
    const cause = new TypeError('Failed to fetch');
    const http = new HttpClient((async () => {
      throw cause;
    }) as unknown as typeof fetch);
    const error = await http.delete('/api/things/1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 0, cause });
  });
});
