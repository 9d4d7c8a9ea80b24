// Files through /api/files against the real sshd's SFTP: a PUT streamed to a path and checked on the host, a GET back byte for byte, and each refusal's status and sentence.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { startFakeSftpHost, type FakeSftpHost } from '../support/fakeSftpHost.js';
import { onTestHost } from '../support/onTestHost.js';
import { knownHostsLineFor, pickFreePort } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-files-'));
/** A folder on the test host of this file's own. */
const remote = `/tmp/longhaul-files-test-${process.pid}`;
let bridge: TestBridge;
/** The far way to the same sshd: 250 ms round trip, and connections that can be cut. */
let far: DelayProxy;
/** A host whose disk holds 3 MiB (OpenSSH's sftp-server cannot be made to find its disk full on demand). */
let full: FakeSftpHost;
const FULL_DISK_BYTES = 3 * 1024 * 1024;

beforeAll(async () => {
  // A port nothing listens on: the host that cannot be reached.
  const closedPort = await pickFreePort();
  const host = (alias: string, port: number) => `Host ${alias}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n`;
  const config = path.join(work, 'config');
  far = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 125, downMs: 125 });
  full = await startFakeSftpHost({ diskBytes: FULL_DISK_BYTES });
  fs.writeFileSync(config, host('de1', sshd.port) + host('gone', closedPort) + host('far', far.port) + host('full', full.port));
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n${knownHostsLineFor({ port: far.port, hostPublicKey: sshd.hostPublicKey })}\n${full.knownHostsLine}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
  expect((await onTestHost(sshd, `mkdir -p ${remote}`)).code).toBe(0);
});

afterAll(async () => {
  await bridge?.close();
  await far?.close();
  await full?.close();
  await onTestHost(sshd, `rm -rf ${remote}`);
  fs.rmSync(work, { recursive: true, force: true });
});

function files(method: 'GET' | 'PUT', query: Record<string, string>, body?: Uint8Array): Promise<Response> {
  const url = `${bridge.httpUrl}/api/files?${new URLSearchParams(query)}`;
  return fetch(url, { method, headers: { authorization: `Bearer ${bridge.token}` }, ...(body ? { body: Buffer.from(body) } : {}) });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('/api/files', () => {
  it('puts a file where it is asked, byte for byte (the host’s own sha256sum agrees), with mode 0644', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const response = await files('PUT', { target: 'de1', path: `${remote}/up.bin` }, bytes);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ path: `${remote}/up.bin`, bytes: bytes.byteLength, sha256: sha256(bytes) });
    const onHost = await onTestHost(sshd, `sha256sum ${remote}/up.bin; stat -c %a ${remote}/up.bin`);
    expect(onHost.stdout.split(/\s+/).filter(Boolean)).toEqual([sha256(bytes), `${remote}/up.bin`, '644']);
  });

  it('gets a file back as a download, byte for byte', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 5);
    expect((await files('PUT', { target: 'de1', path: `${remote}/down.bin` }, bytes)).status).toBe(201);
    const response = await files('GET', { target: 'de1', path: `${remote}/down.bin` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="down.bin"; filename*=UTF-8''down.bin`);
    expect(response.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(bytes));
  });

  it('takes an empty file, and gives one back', async () => {
    expect(await (await files('PUT', { target: 'de1', path: `${remote}/empty` }, new Uint8Array())).json()).toMatchObject({ bytes: 0 });
    const response = await files('GET', { target: 'de1', path: `${remote}/empty` });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('does not write over a file unless asked (409), and does with overwrite=1', async () => {
    expect((await files('PUT', { target: 'de1', path: `${remote}/kept.txt` }, Buffer.from('first\n'))).status).toBe(201);
    const refused = await files('PUT', { target: 'de1', path: `${remote}/kept.txt` }, Buffer.from('second\n'));
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toBe(`${remote}/kept.txt exists on the host; add overwrite=1 to replace it.`);
    expect((await onTestHost(sshd, `cat ${remote}/kept.txt`)).stdout).toBe('first\n');
    expect((await files('PUT', { target: 'de1', path: `${remote}/kept.txt`, overwrite: '1' }, Buffer.from('second\n'))).status).toBe(201);
    expect((await onTestHost(sshd, `cat ${remote}/kept.txt`)).stdout).toBe('second\n');
  });

  it('says what is wrong, with the status that says which: no such file, permission, bad parameters, an unreachable host', async () => {
    const missing = await files('GET', { target: 'de1', path: `${remote}/nothing-here` });
    expect([missing.status, (await missing.json()).error]).toEqual([404, `There is no ${remote}/nothing-here on the host (or a folder on its way is missing).`]);
    const intoMissingFolder = await files('PUT', { target: 'de1', path: `${remote}/no/such/folder/x` }, Buffer.from('x'));
    expect(intoMissingFolder.status).toBe(404);
    const denied = await files('PUT', { target: 'de1', path: '/etc/longhaul-should-not-write' }, Buffer.from('x'));
    expect([denied.status, (await denied.json()).error]).toEqual([403, 'The host refused to write /etc/longhaul-should-not-write: permission denied.']);
    const unreadable = await files('GET', { target: 'de1', path: '/etc/shadow' });
    expect(unreadable.status).toBe(403);
    const control = await files('GET', { target: 'de1', path: `${remote}/a\nb` });
    expect([control.status, (await control.json()).error]).toEqual([400, 'path: a path cannot hold control characters']);
    const noTarget = await files('GET', { path: `${remote}/x` } as Record<string, string>);
    expect(noTarget.status).toBe(400);
    expect((await noTarget.json()).error).toMatch(/target/);
    const gone = await files('GET', { target: 'gone', path: '/tmp/x' });
    expect(gone.status).toBe(502);
    expect((await gone.json()).error).toMatch(/refused the connection|connect/i);
  });

  it('gives a folder as a tar made on the fly, its files inside under the folder’s name', async () => {
    expect((await onTestHost(sshd, `mkdir -p ${remote}/tree/sub && printf one > ${remote}/tree/a.txt && printf two > ${remote}/tree/sub/b.txt`)).code).toBe(0);
    const response = await files('GET', { target: 'de1', path: `${remote}/tree/` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tree.tar"; filename*=UTF-8''tree.tar`);
    const tar = path.join(work, 'tree.tar');
    fs.writeFileSync(tar, new Uint8Array(await response.arrayBuffer()));
    const out = fs.mkdtempSync(path.join(work, 'untar-'));
    execFileSync('tar', ['-xf', tar, '-C', out]);
    expect(fs.readFileSync(path.join(out, 'tree/a.txt'), 'utf8')).toBe('one');
    expect(fs.readFileSync(path.join(out, 'tree/sub/b.txt'), 'utf8')).toBe('two');
  });

  it('carries on over a new connection when the one under an upload is cut halfway, 250 ms away: the host has every byte', async () => {
    const bytes = randomBytes(50 * 1024 * 1024);
    const target = `${remote}/far.bin`;
    const answer = files('PUT', { target: 'far', path: target }, bytes);
    const connectionsBefore = far.connectionsAccepted;
    const deadline = performance.now() + 60_000;
    // Halfway, as the host's own listing tells.
    while (Number((await onTestHost(sshd, `stat -c %s ${target} 2>/dev/null || echo 0`)).stdout.trim()) < bytes.byteLength / 2) {
      if (performance.now() > deadline) throw new Error('the upload never got halfway');
    }
    far.dropConnections();
    const response = await answer;
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ path: target, bytes: bytes.byteLength, sha256: sha256(bytes) });
    expect(far.connectionsAccepted).toBeGreaterThan(connectionsBefore);
    expect((await onTestHost(sshd, `sha256sum ${target}`)).stdout.split(' ')[0]).toBe(sha256(bytes));
  }, 90_000);

  it('carries on over a new connection when the one under a download is cut halfway, 250 ms away: every byte arrives once, in order', async () => {
    const target = `${remote}/far-down.bin`;
    expect((await onTestHost(sshd, `head -c ${50 * 1024 * 1024} /dev/urandom > ${target}`)).code).toBe(0);
    const onHost = (await onTestHost(sshd, `sha256sum ${target}`)).stdout.split(' ')[0];
    const response = await files('GET', { target: 'far', path: target });
    expect(response.status).toBe(200);
    const size = Number(response.headers.get('content-length'));
    expect(size).toBe(50 * 1024 * 1024);
    const connectionsBefore = far.connectionsAccepted;
    const hash = createHash('sha256');
    let received = 0;
    let cut = false;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      received += chunk.byteLength;
      // Halfway, as the bytes received tell.
      if (!cut && received >= size / 2) {
        cut = true;
        far.dropConnections();
      }
    }
    expect(cut).toBe(true);
    expect(received).toBe(size);
    expect(hash.digest('hex')).toBe(onHost);
    expect(far.connectionsAccepted).toBeGreaterThan(connectionsBefore);
  }, 90_000);

  it('stops an upload the host has no room for with 507 and a sentence, and removes the part written', async () => {
    const bytes = randomBytes(8 * 1024 * 1024);
    // Sent whole with node:http: the bridge answers and closes while the body is still coming, which fetch reports as an error.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${bridge.httpUrl}/api/files?${new URLSearchParams({ target: 'full', path: '/srv/big.bin' })}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${bridge.token}`, 'content-length': String(bytes.byteLength) },
      });
      request.on('error', () => {}); // (the bridge closing the rest of the body off is expected)
      request.once('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => (body += text));
        response.once('end', () => resolve({ status: response.statusCode!, body }));
        response.once('error', reject);
      });
      request.end(bytes);
    });
    expect(answer.status).toBe(507);
    // (How much is left free depends on how the body arrived in pieces: less than one 32 KiB write.)
    expect(JSON.parse(answer.body).error).toMatch(
      /^full has no space left for \/srv\/big\.bin: its disk was full after 3\.0 MiB \((\d+ bytes|([1-9]|[12]\d|3[01]) KiB) free\), and the part written was removed\. Make room there, or put the file somewhere else\.$/,
    );
    // The disk was asked about while the part was there, then the part removed.
    expect(full.requests).toEqual(['OPEN /srv/big.bin', 'STATVFS /srv', 'CLOSE', 'REMOVE /srv/big.bin']);
    expect(full.files.has('/srv/big.bin')).toBe(false);
  });

  it('holds no more than a little of a 1 GiB upload: the bridge’s memory stays within 64 MiB of what it was before', async () => {
    const GIB = 1024 * 1024 * 1024;
    // To /dev/null on the host: the bytes go all the way over SFTP, and no disk has to hold a GiB.
    const request = http.request(`${bridge.httpUrl}/api/files?${new URLSearchParams({ target: 'de1', path: '/dev/null', overwrite: '1' })}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-length': String(GIB) },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      request.once('error', reject);
      request.once('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (text: string) => (body += text));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
      });
    });
    // The bridge runs in this process: its resident size is this process's, sampled while the file goes up.
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampling = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const chunk = Buffer.alloc(1024 * 1024, 7);
    let sent = 0;
    // As fast as the bridge takes it, never faster: a write that says wait is followed by the next on 'drain'.
    const pump = () => {
      while (sent < GIB) {
        sent += chunk.byteLength;
        if (!request.write(chunk)) return;
      }
      request.end();
    };
    request.on('drain', pump);
    pump();
    try {
      const { status, body } = await answered;
      expect(status, body).toBe(201);
      expect((JSON.parse(body) as { bytes: number }).bytes).toBe(GIB);
    } finally {
      clearInterval(sampling);
    }
    expect((peak - before) / (1024 * 1024), 'MiB more resident while the upload ran').toBeLessThan(64);
  }, 120_000);

  it('keeps nothing of an upload cut off before its end', async () => {
    const target = `${remote}/cut.bin`;
    const request = http.request(`${bridge.httpUrl}/api/files?${new URLSearchParams({ target: 'de1', path: target })}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-length': String(8 * 1024 * 1024) },
    });
    request.on('error', () => {}); // the cut is ours
    request.write(randomBytes(1024 * 1024));
    // Once part of it is on the host, the sender goes.
    const deadline = performance.now() + 20_000;
    while ((await onTestHost(sshd, `test -s ${target}`)).code !== 0) {
      if (performance.now() > deadline) throw new Error('the upload never reached the host');
    }
    request.destroy();
    while ((await onTestHost(sshd, `test -e ${target}`)).code === 0) {
      if (performance.now() > deadline) throw new Error('the part of a cut-off upload was left on the host');
    }
  });

  it('closes the connection of an upload it refuses, so a big file stops being sent', async () => {
    const request = http.request(`${bridge.httpUrl}/api/files?${new URLSearchParams({ target: 'gone', path: '/tmp/never' })}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-length': String(1024 * 1024 * 1024) },
    });
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    const answered = new Promise<number>((resolve) => request.once('response', (response) => resolve(response.statusCode!)));
    const ended = new Promise<void>((resolve) => request.once('close', () => resolve()));
    request.on('error', () => {}); // the bridge closing it is the point
    const pump = () => {
      while (!request.destroyed && sent < 1024 * 1024 * 1024 && request.write(chunk)) sent += chunk.byteLength;
    };
    request.on('drain', pump);
    pump();
    expect(await answered).toBe(502);
    await ended;
    expect(sent).toBeLessThan(256 * 1024 * 1024);
  });

  it('wants the token, as every route does', async () => {
    const response = await fetch(`${bridge.httpUrl}/api/files?target=de1&path=/etc/hostname`);
    expect(response.status).toBe(401);
  });
});
