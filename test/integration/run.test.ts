// One command on many hosts through POST /api/run against the real sshd: results per host, errors as sentences, stopping, host keys.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { isFinalLine, type RunFinalLine, type RunLine, type RunResultLine } from '../../shared/run.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { generateKeyPair, knownHostsLineFor } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-run-'));
let bridge: TestBridge;
/** A second way to the same sshd, whose key known_hosts records as another one: a "changed" host key. */
let moved: DelayProxy;
/** A third way to it, whose key no known_hosts file has. */
let stranger: DelayProxy;
/** A fourth, known, for logging in with an encrypted key (on its own route, so sharing no other target's login). */
let lockedWay: DelayProxy;
/** A fifth, known, for an alias with no key of its own: only a saved session's key file logs in there. */
let bareWay: DelayProxy;

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  moved = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  stranger = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  lockedWay = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  bareWay = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const host = (alias: string, port: number) =>
    `Host ${alias}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n`;
  const config = path.join(work, 'config');
  fs.writeFileSync(
    config,
    [1, 2, 3, 4].map((n) => host(`isu0${n}`, sshd.port)).join('') +
      host('isu05', await closedPort()) +
      host('moved', moved.port) +
      host('stranger', stranger.port) +
      `Host locked\n  HostName 127.0.0.1\n  Port ${lockedWay.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.encryptedKeyPath}\n  IdentitiesOnly yes\n` +
      `Host bare\n  HostName 127.0.0.1\n  Port ${bareWay.port}\n  User ${sshd.user}\n  IdentitiesOnly yes\n  PasswordAuthentication no\n  KbdInteractiveAuthentication no\n`,
  );
  const other = generateKeyPair(work, 'other');
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(
    known,
    `${knownHostsLineFor(sshd)}\n${knownHostsLineFor({ port: lockedWay.port, hostPublicKey: sshd.hostPublicKey })}\n` +
      `${knownHostsLineFor({ port: bareWay.port, hostPublicKey: sshd.hostPublicKey })}\n` +
      `[127.0.0.1]:${moved.port} ${other.publicKey.split(/\s+/).slice(0, 2).join(' ')}\n`,
  );
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});

afterAll(async () => {
  await bridge?.close();
  await moved?.close();
  await stranger?.close();
  await lockedWay?.close();
  await bareWay?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** POST /api/run over real HTTP, one connection per run (no keep-alive); `lines` yields each NDJSON line as it arrives. */
async function startRun(body: object, signal?: AbortSignal) {
  const request = http.request(`${bridge.httpUrl}/api/run`, {
    method: 'POST',
    agent: false,
    headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
  });
  // Aborting closes the connection, as a script's interrupted curl would.
  signal?.addEventListener('abort', () => request.destroy());
  request.end(JSON.stringify(body));
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => request.once('response', resolve).once('error', reject));
  response.setEncoding('utf8');
  async function* lines(): AsyncGenerator<RunLine> {
    let buffered = '';
    for await (const chunk of response as AsyncIterable<string>) {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        yield JSON.parse(buffered.slice(0, newline)) as RunLine;
        buffered = buffered.slice(newline + 1);
      }
    }
    expect(buffered).toBe('');
  }
  return { status: response.statusCode, header: (name: string) => response.headers[name] as string | undefined, lines };
}

async function runToEnd(body: object): Promise<{ finals: RunFinalLine[]; all: RunLine[] }> {
  const { status, header, lines } = await startRun(body);
  expect(status).toBe(200);
  expect(header('content-type')).toMatch(/^application\/x-ndjson/);
  const all: RunLine[] = [];
  for await (const line of lines()) all.push(line);
  return { finals: all.filter(isFinalLine), all };
}

/** Polls until `check` is true, for at most `ms`. */
async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('POST /api/run', () => {
  it('runs on every reachable host, and says in a sentence why the closed port could not', async () => {
    const targets = ['isu01', 'isu02', 'isu03', 'isu04', 'isu05'];
    const { finals, all } = await runToEnd({ targets, command: 'echo answer-$((6*7)); echo to-stderr >&2; exit 3' });
    expect(finals.map((f) => f.target).sort()).toEqual(targets);
    const ran = finals.filter((f): f is RunResultLine => 'exitCode' in f);
    expect(ran.map((f) => f.target).sort()).toEqual(['isu01', 'isu02', 'isu03', 'isu04']);
    for (const result of ran) {
      expect(result).toMatchObject({ exitCode: 3, stdout: 'answer-42\n', stderr: 'to-stderr\n' });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    }
    const failed = finals.find((f) => f.target === 'isu05')!;
    expect('error' in failed && failed.error).toMatch(/refused the connection/);
    // Output streamed before each final line, stdout and stderr apart.
    expect(all).toContainEqual({ target: 'isu02', stream: 'stdout', data: 'answer-42\n' });
    expect(all).toContainEqual({ target: 'isu02', stream: 'stderr', data: 'to-stderr\n' });
    // Four hosts with the same address, user and port share one login.
    expect(bridge.sessions.connectionCount).toBe(1);

    const kept = (await bridge.app.inject({ url: '/api/runs', headers: { authorization: `Bearer ${bridge.token}` } })).json() as {
      runs: { id: string; command: string; targets: string[] }[];
    };
    expect(kept.runs[0]).toMatchObject({ command: 'echo answer-$((6*7)); echo to-stderr >&2; exit 3', targets });
  });

  it('refuses a host whose key changed, for that host only, and never asks', async () => {
    const { finals } = await runToEnd({ targets: ['isu01', 'moved'], command: 'echo fine' });
    expect(finals.find((f) => f.target === 'isu01')).toMatchObject({ exitCode: 0, stdout: 'fine\n' });
    const refused = finals.find((f) => f.target === 'moved')!;
    expect('error' in refused && refused.error).toMatch(/host key of moved .* has changed/);
  });

  it('asks nobody anything: an unknown host key and a key with a passphrase each get a sentence saying what to do', async () => {
    const { finals } = await runToEnd({ targets: ['stranger', 'locked', 'isu02'], command: 'echo fine' });
    const byTarget = new Map(finals.map((f) => [f.target, f]));
    expect(byTarget.get('isu02')).toMatchObject({ exitCode: 0, stdout: 'fine\n' });
    expect(byTarget.get('stranger')).toEqual({
      target: 'stranger',
      error: expect.stringMatching(/^The host key of stranger .* is not known yet, and a run never trusts a key on its own\. Open a tab to stranger once/),
    });
    expect(byTarget.get('locked')).toEqual({ target: 'locked', error: expect.stringMatching(/^locked wants a password or a key's passphrase typed in/) });
    // Nothing was learnt on the way.
    expect(fs.existsSync(path.join(bridge.dataDir, 'known_hosts')) ? fs.readFileSync(path.join(bridge.dataDir, 'known_hosts'), 'utf8') : '').not.toContain(
      String(stranger.port),
    );
  });

  it('stops a tail -F when the request is closed, leaving nothing running on the host', async () => {
    const marker = path.join('/tmp', `lh-run-${process.pid}-${Date.now()}`);
    fs.writeFileSync(marker, 'watching\n');
    fs.chmodSync(marker, 0o644);
    const pattern = `tail -F ${marker.replace('/lh-', '/[l]h-')}`;
    const count = async () => {
      const { finals } = await runToEnd({ targets: ['isu01'], command: `pgrep -f '${pattern}' | wc -l` });
      return Number((finals[0] as RunResultLine).stdout.trim());
    };
    try {
      const abort = new AbortController();
      const { lines } = await startRun({ targets: ['isu01', 'isu02'], command: `tail -F ${marker}` }, abort.signal);
      const seen = new Set<string>();
      // Read by hand: leaving a for-await loop would close the response, which is the stop this test makes itself.
      const reading = lines();
      while (seen.size < 2) {
        const { value: line, done } = await reading.next();
        if (done) throw new Error('the run ended before both hosts printed');
        if ('stream' in line && line.data.includes('watching')) seen.add(line.target);
      }
      expect(await count()).toBe(2);
      abort.abort();
      await until(async () => (await count()) === 0);
    } finally {
      fs.rmSync(marker, { force: true });
    }
  });

  it('stops a run by its id (DELETE /api/run/:id), with a final line per host', async () => {
    const { header, lines } = await startRun({ targets: ['isu03'], command: 'echo started; sleep 60' });
    const id = header('x-longhaul-run')!;
    const all: RunLine[] = [];
    for await (const line of lines()) {
      all.push(line);
      if ('stream' in line) {
        const stop = await bridge.app.inject({ method: 'DELETE', url: `/api/run/${id}`, headers: { authorization: `Bearer ${bridge.token}` } });
        expect(stop.statusCode).toBe(204);
      }
    }
    expect(all.filter(isFinalLine)).toEqual([expect.objectContaining({ target: 'isu03', stopped: true, stdout: 'started\n' })]);
  });

  it('runs on a group by name: patterns expanded, and a saved session logging in its own way', async () => {
    const call = (url: string, payload: object) =>
      bridge.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    // Without the saved session's key, bare has no way to log in.
    const { finals: alone } = await runToEnd({ targets: ['bare'], command: 'true' });
    expect(alone[0]).toEqual({ target: 'bare', error: expect.any(String) });
    expect((await call('/api/sessions/saved', { name: 'keyed', target: 'bare', auth: 'key-file', keyFile: sshd.userKeyPath })).statusCode).toBe(201);
    expect((await call('/api/groups', { name: 'contest', members: ['isu0[1-2]', 'isu0?', 'keyed'] })).statusCode).toBe(400);
    expect((await call('/api/groups', { name: 'contest', members: ['isu0?', 'keyed'] })).statusCode).toBe(201);

    const { finals } = await runToEnd({ group: 'Contest', command: 'echo in-group' });
    expect(finals.map((f) => f.target).sort()).toEqual(['bare', 'isu01', 'isu02', 'isu03', 'isu04', 'isu05']);
    for (const target of ['bare', 'isu01', 'isu04']) expect(finals.find((f) => f.target === target)).toMatchObject({ exitCode: 0, stdout: 'in-group\n' });
    expect(finals.find((f) => f.target === 'isu05')).toHaveProperty('error');

    expect((await call('/api/run', { group: 'nobody', command: 'x' })).json()).toEqual({ error: 'group: there is no group "nobody"; GET /api/groups lists them' });
    expect((await call('/api/run', { group: 'contest', targets: ['isu01'], command: 'x' })).statusCode).toBe(400);
  });

  it('answers bad input with a 400 naming the field, and nothing without the token', async () => {
    const post = (payload: object, headers: Record<string, string> = { authorization: `Bearer ${bridge.token}` }) =>
      bridge.app.inject({ method: 'POST', url: '/api/run', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    expect((await post({ targets: [], command: 'x' })).json()).toEqual({ error: expect.stringMatching(/^targets must be a list/) });
    expect((await post({ targets: ['isu01'] })).json()).toEqual({ error: 'command is required' });
    expect((await post({ targets: ['isu01'], command: 'x', colour: 1 })).json()).toEqual({ error: 'colour is not a field longhaul knows; leave it out' });
    const twice = await post({ targets: ['isu01', 'ISU01'], command: 'x' });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error).toMatch(/^targets\.1: ISU01 is listed twice/);
    expect((await post({ targets: ['a@b:0'], command: 'x' })).json().error).toMatch(/^targets\.0 \(a@b:0\)/);
    expect((await post({ targets: ['isu01'], command: 'x' }, {})).statusCode).toBe(401);
  });
});

describe('stopping longhaul during a run', () => {
  it('stops the run, ends its answer with a final line, and does not wait for the command', async () => {
    const own = await startTestBridge({ sshConfigPath: path.join(work, 'config'), userKnownHostsPath: path.join(work, 'known_hosts') });
    const request = http.request(`${own.httpUrl}/api/run`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${own.token}`, 'content-type': 'application/json' },
    });
    request.end(JSON.stringify({ targets: ['isu01'], command: 'echo started; sleep 60' }));
    const response = await new Promise<http.IncomingMessage>((resolve) => request.once('response', resolve));
    response.setEncoding('utf8');
    let text = '';
    const ended = new Promise<void>((resolve) => response.on('end', resolve));
    await new Promise<void>((resolve) =>
      response.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('started')) resolve();
      }),
    );
    const startedClosing = Date.now();
    await own.close();
    await ended;
    // The test's own timeout would catch a stop that waited for `sleep 60`; this says how long it took if it was slow.
    expect(Date.now() - startedClosing).toBeLessThan(10_000);
    const finals = text.trim().split('\n').map((line) => JSON.parse(line) as RunLine).filter(isFinalLine);
    expect(finals).toEqual([expect.objectContaining({ target: 'isu01', stopped: true, stdout: 'started\n' })]);
  });
});

