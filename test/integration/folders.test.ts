// Folders through /api/folders and /api/files/list against the real sshd's SFTP: made (as an uploaded tree needs), listed for completion, and each refusal's status and sentence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LISTING_LIMIT } from '../../server/files/remoteFolder.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { onTestHost } from '../support/onTestHost.js';
import { knownHostsLineFor, pickFreePort } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-folders-'));
/** A folder on the test host of this file's own. */
const remote = `/tmp/longhaul-folders-test-${process.pid}`;
let bridge: TestBridge;

beforeAll(async () => {
  // A port nothing listens on: the host that cannot be reached.
  const closedPort = await pickFreePort();
  const host = (alias: string, port: number) => `Host ${alias}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n`;
  const config = path.join(work, 'config');
  fs.writeFileSync(config, host('de1', sshd.port) + host('gone', closedPort));
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
  expect((await onTestHost(sshd, `mkdir -p ${remote}`)).code).toBe(0);
});

afterAll(async () => {
  await bridge?.close();
  await onTestHost(sshd, `rm -rf ${remote}`);
  fs.rmSync(work, { recursive: true, force: true });
});

function api(method: 'GET' | 'PUT', route: string, query: Record<string, string>, token = bridge.token): Promise<Response> {
  return fetch(`${bridge.httpUrl}${route}?${new URLSearchParams(query)}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
}
const makeFolder = (folder: string, target = 'de1') => api('PUT', '/api/folders', { target, path: folder });
const list = (folder: string, prefix?: string) => api('GET', '/api/files/list', { target: 'de1', path: folder, ...(prefix === undefined ? {} : { prefix }) });

describe('/api/folders', () => {
  it('makes a folder (201), and says so plainly when it is already there (200), so an upload can add to it', async () => {
    const made = await makeFolder(`${remote}/made`);
    expect([made.status, await made.json()]).toEqual([201, { path: `${remote}/made`, created: true }]);
    expect((await onTestHost(sshd, `test -d ${remote}/made && echo folder`)).stdout).toBe('folder\n');
    const again = await makeFolder(`${remote}/made`);
    expect([again.status, await again.json()]).toEqual([200, { path: `${remote}/made`, created: false }]);
  });

  it('says what is wrong: a file in the way (409), no parent (404), no permission (403), bad parameters (400), a host out of reach (502), no token (401)', async () => {
    expect((await onTestHost(sshd, `printf x > ${remote}/a-file`)).code).toBe(0);
    const taken = await makeFolder(`${remote}/a-file`);
    expect([taken.status, (await taken.json()).error]).toEqual([409, `${remote}/a-file exists on the host and is not a folder.`]);
    const orphan = await makeFolder(`${remote}/no/parent`);
    expect([orphan.status, (await orphan.json()).error]).toEqual([404, `There is no ${remote}/no/parent on the host (or a folder on its way is missing).`]);
    const denied = await makeFolder('/etc/longhaul-should-not-make');
    expect([denied.status, (await denied.json()).error]).toEqual([403, 'The host refused to make the folder /etc/longhaul-should-not-make: permission denied.']);
    const control = await makeFolder(`${remote}/a\tb`);
    expect([control.status, (await control.json()).error]).toEqual([400, 'path: a path cannot hold control characters']);
    const gone = await makeFolder('/tmp/x', 'gone');
    expect(gone.status).toBe(502);
    expect((await gone.json()).error).toMatch(/refused the connection|connect/i);
    expect((await api('PUT', '/api/folders', { target: 'de1', path: `${remote}/sneaky` }, '')).status).toBe(401);
    expect((await onTestHost(sshd, `test -e ${remote}/sneaky || echo absent`)).stdout).toBe('absent\n');
  });
});

describe('/api/files/list', () => {
  beforeAll(async () => {
    expect((await onTestHost(sshd, `mkdir -p ${remote}/tree/logs ${remote}/tree/.hidden && printf 1 > ${remote}/tree/log.txt && printf 2 > ${remote}/tree/notes && ln -s ${remote}/tree/logs ${remote}/tree/link-to-logs`)).code).toBe(0);
  });

  it('names what a folder holds, sorted, folders (and links to them) with a trailing "/", hidden ones only when asked for by a leading dot', async () => {
    const all = await list(`${remote}/tree`);
    expect([all.status, await all.json()]).toEqual([200, { path: `${remote}/tree`, names: ['link-to-logs/', 'log.txt', 'logs/', 'notes'], more: false }]);
    expect((await (await list(`${remote}/tree`, 'log')).json()).names).toEqual(['log.txt', 'logs/']);
    expect((await (await list(`${remote}/tree`, '.')).json()).names).toEqual(['.hidden/']);
  });

  it('answers with a bounded number of names, and says there are more', async () => {
    expect((await onTestHost(sshd, `mkdir -p ${remote}/many && cd ${remote}/many && touch $(seq -f 'f%04g' 1 ${LISTING_LIMIT + 5})`)).code).toBe(0);
    const body = await (await list(`${remote}/many`)).json();
    expect([body.names.length, body.names[0], body.more]).toEqual([LISTING_LIMIT, 'f0001', true]);
  });

  it('says what is wrong: no such folder (404), a file (409), a "/" in the prefix (400), no token (401)', async () => {
    const missing = await list(`${remote}/nowhere`);
    expect([missing.status, (await missing.json()).error]).toEqual([404, `There is no ${remote}/nowhere on the host (or a folder on its way is missing).`]);
    const file = await list(`${remote}/tree/notes`);
    expect([file.status, (await file.json()).error]).toEqual([409, `${remote}/tree/notes on the host is a file, not a folder.`]);
    const slash = await list(`${remote}/tree`, 'a/b');
    expect([slash.status, (await slash.json()).error]).toEqual([400, 'prefix: the start of a name cannot hold "/" or control characters']);
    expect((await api('GET', '/api/files/list', { target: 'de1', path: remote }, '')).status).toBe(401);
  });
});
