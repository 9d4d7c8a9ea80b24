// GET /api/search through the real app in memory: the token guards it, bad queries get sentences, hits come back typed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema } from '../../shared/search.js';
import { buildApp } from '../app.js';
import { SessionManager } from '../session/sessionManager.js';
import { KnownHosts } from '../ssh/knownHosts.js';
import { parseSshConfig } from '../ssh/target.js';
import { openStore } from '../store/store.js';

const token = 'search-api-token-abcdefghijklmnop';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-search-api-'));
const store = openStore({ file: ':memory:' });
const sessions = new SessionManager({
  sshConfig: () => parseSshConfig(''),
  knownHosts: new KnownHosts(undefined, path.join(dir, 'kh')),
  targetDefaults: { localUser: 'me', homeDir: dir },
});
let app: Awaited<ReturnType<typeof buildApp>>;
const authorization = `Bearer ${token}`;

beforeAll(async () => {
  app = await buildApp({ token, clientDir: dir, sessions, hostAliases: () => [], store });
  const saved = store.savedSessions.create({ name: 'Frankfurt web', target: 'de1' });
  store.closedSessions.add({ target: 'de1', savedSessionId: saved.id, title: 'de1', closedAt: 1234, scrollback: 'deploy \x1b[32mfinished\x1b[0m\r\n' });
  store.commandRuns.record({
    id: 'run-1',
    command: 'systemctl is-active nginx',
    targets: ['isu01'],
    startedAt: 5678,
    endedAt: 5700,
    stopped: false,
    results: [{ target: 'isu01', exitCode: 3, stdout: '\x1b[31minactive\x1b[0m (said "a OR b*")\n', stderr: '', durationMs: 22 }],
  });
});
afterAll(async () => {
  await app.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const search = (query: string, headers: Record<string, string> = { authorization }) => app.inject({ url: `/api/search?${query}`, headers });

describe('GET /api/search', () => {
  it('needs the token', async () => {
    expect((await search('q=finished', {})).statusCode).toBe(401);
  });

  it('returns hits in the shared schema, a closed one marked closed with its saved name', async () => {
    const response = await search('q=FINISHED');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Value.Check(SearchResponseSchema, body)).toBe(true);
    expect(body).toEqual({
      hits: [
        {
          session: { id: expect.any(String), state: 'closed', target: 'de1', label: 'Frankfurt web', at: 1234 },
          lineNumber: 0,
          line: 'deploy finished',
          ranges: [{ start: 7, end: 15 }],
          match: 'finished',
        },
      ],
      runHits: [],
      truncated: false,
      timedOut: false,
    });
    expect((await search('q=FINISHED&case=1')).json().hits).toEqual([]);
  });

  it('returns a kept run\'s hits in the shared schema: the run, its command, the host and where', async () => {
    const body = (await search('q=inactive')).json();
    expect(Value.Check(SearchResponseSchema, body)).toBe(true);
    expect(body.hits).toEqual([]);
    expect(body.runHits).toEqual([
      {
        run: { id: 'run-1', command: 'systemctl is-active nginx', at: 5678 },
        target: 'isu01',
        in: 'stdout',
        lineNumber: 0,
        line: 'inactive (said "a OR b*")',
        ranges: [{ start: 0, end: 8 }],
        match: 'inactive',
      },
    ]);
    expect((await search('q=is-active')).json().runHits).toMatchObject([{ in: 'command', line: 'systemctl is-active nginx' }]);
  });

  it('reads FTS5 syntax in the text as text, in sessions and runs alike', async () => {
    const quoted = await search(`q=${encodeURIComponent('"a OR b*"')}`);
    expect(quoted.statusCode).toBe(200);
    expect(quoted.json().runHits).toMatchObject([{ match: '"a OR b*"' }]);
    for (const hostile of ['x OR y', 'NEAR(p q)', 'q*', '"z', 'col:inactive', '^inactive', 'inactive AND']) {
      const response = await search(`q=${encodeURIComponent(hostile)}`);
      expect(response.statusCode, hostile).toBe(200);
      expect(response.json(), hostile).toMatchObject({ hits: [], runHits: [] });
    }
  });

  it('answers a bad expression or a bad option with a 400 and a sentence', async () => {
    const bad = await search('q=(deploy&regex=1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^That is not a regular expression this search understands: /);
    const option = await search('q=x&case=yes');
    expect(option.statusCode).toBe(400);
    expect(option.json().error).toMatch(/case must be 1 \(match case\) or 0/);
    const missing = await search('');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatch(/q is required/);
    expect((await search('q=x&what=1')).statusCode).toBe(400);
  });
});
