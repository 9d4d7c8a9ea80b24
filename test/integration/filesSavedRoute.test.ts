// A transfer (or a folder made or listed) for a tab opened from a saved session logs in the way that tab did (its key file), not the plain way to its target.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { saveSession, startTestBridge, type TestBridge } from '../support/bridge.js';
import { onTestHost } from '../support/onTestHost.js';
import { knownHostsLineFor } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-files-saved-'));
const remote = `/tmp/longhaul-files-saved-${process.pid}`;
let bridge: TestBridge;

const config = path.join(work, 'config');
const known = path.join(work, 'known_hosts');

beforeAll(async () => {
  // The config alone cannot log in: its only key does not exist, so only a saved session's key file gets in.
  fs.writeFileSync(
    config,
    `Host keyless\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${path.join(work, 'no-such-key')}\n  IdentitiesOnly yes\n  PasswordAuthentication no\n  KbdInteractiveAuthentication no\n`,
  );
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  expect((await onTestHost(sshd, `mkdir -p ${remote}`)).code).toBe(0);
});

// A bridge of each test's own: a login one test made is not there for the next to ride on (the plain way would then
// get in on it, as a tab on a logged-in connection does).
beforeEach(async () => {
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});
afterEach(() => bridge?.close());

afterAll(async () => {
  await onTestHost(sshd, `rm -rf ${remote}`);
  fs.rmSync(work, { recursive: true, force: true });
});


function call(method: 'GET' | 'PUT', route: string, query: Record<string, string>, body?: Uint8Array): Promise<Response> {
  const url = `${bridge.httpUrl}${route}?${new URLSearchParams(query)}`;
  return fetch(url, { method, headers: { authorization: `Bearer ${bridge.token}` }, ...(body ? { body: Buffer.from(body) } : {}) });
}
const files = (method: 'GET' | 'PUT', query: Record<string, string>, body?: Uint8Array) => call(method, '/api/files', query, body);

describe('/api/files with a saved session', () => {
  it('uploads and downloads with the saved session’s key file, where the plain way to the target is refused', async () => {
    const bytes = randomBytes(200_000);
    const where = { target: 'keyless', path: `${remote}/saved.bin` };

    const plain = await files('PUT', where, bytes);
    expect(plain.status).toBe(502);
    expect(((await plain.json()) as { error: string }).error).toMatch(/keyless/);

    const saved = await saveSession(bridge, { name: 'keyless with its key', target: 'keyless', auth: 'key-file', keyFile: sshd.userKeyPath });
    const up = await files('PUT', { ...where, saved }, bytes);
    expect(up.status).toBe(201);
    expect((await onTestHost(sshd, `wc -c < ${remote}/saved.bin`)).stdout.trim()).toBe(String(bytes.byteLength));

    const down = await files('GET', { ...where, saved });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('makes and lists folders with the saved session’s key file too (an uploaded folder, Tab completion)', async () => {
    const saved = await saveSession(bridge, { name: 'keyless for folders', target: 'keyless', auth: 'key-file', keyFile: sshd.userKeyPath });
    const folder = { target: 'keyless', path: `${remote}/made` };
    expect((await call('PUT', '/api/folders', folder)).status).toBe(502);
    expect((await call('PUT', '/api/folders', { ...folder, saved })).status).toBe(201);
    const listing = await call('GET', '/api/files/list', { target: 'keyless', path: remote, prefix: 'ma', saved });
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as { names: string[] }).names).toEqual(['made/']);
    const gone = await call('GET', '/api/files/list', { target: 'keyless', path: remote, saved: 'gone-for-good' });
    expect(gone.status).toBe(400);
  });

  it('refuses, with a sentence, a saved session that no longer exists rather than logging in another way', async () => {
    const response = await files('GET', { target: 'keyless', path: `${remote}/saved.bin`, saved: 'gone-for-good' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe(
      'saved: there is no saved session gone-for-good (it may have been deleted); reopen the tab from a saved session that exists',
    );
  });
});
