// The longhaul command as a process: HTTPS, the token kept across restarts, a token file, the browser opener, and a port in use.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-cli-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const main = path.resolve(import.meta.dirname, '../../server/main.ts');

interface Started {
  url: string;
  printed: () => string;
  stop: () => Promise<void>;
}

/** Start longhaul from source and wait for its ready line (or its exit). */
function startFromSource(args: string[], options: { open?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...(options.open ? [] : ['--no-open']), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let printed = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /^longhaul ready: (\S+)$/m.exec(printed);
      if (match) resolve({ url: match[1]!, printed: () => printed, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(Object.assign(new Error(printed.trim()), { exitCode: code })));
  });
}

function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      })
      .on('error', reject);
  });
}

describe('the longhaul command', () => {
  it('serves HTTPS with --tls-cert and --tls-key, with a Secure cookie', async () => {
    const key = path.join(work, 'key.pem');
    const cert = path.join(work, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const started = await startFromSource(['--listen', '127.0.0.1:0', '--data-dir', path.join(work, 'tls'), '--tls-cert', cert, '--tls-key', key]);
    try {
      expect(started.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const response = await get(started.url);
      expect(response.status).toBe(303);
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(/^__Host-longhaul_[0-9a-f]{12}=/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain/i);
    } finally {
      await started.stop();
    }
  });

  it('keeps its token in the data directory (mode 600) and uses it again after a restart', async () => {
    const dataDir = path.join(work, 'restart');
    const first = await startFromSource(['--listen', '127.0.0.1:0', '--data-dir', dataDir]);
    await first.stop();
    const second = await startFromSource(['--listen', '127.0.0.1:0', '--data-dir', dataDir]);
    await second.stop();
    const token = new URL(first.url).searchParams.get('token');
    expect(token).toHaveLength(43);
    expect(new URL(second.url).searchParams.get('token')).toBe(token);
    expect(fs.statSync(path.join(dataDir, 'token')).mode & 0o777).toBe(0o600);
  });

  it('reads its token from --token-file', async () => {
    const tokenFile = path.join(work, 'token-file');
    fs.writeFileSync(tokenFile, 'a-token-kept-in-a-file-0123456789\n', { mode: 0o600 });
    const started = await startFromSource(['--listen', '127.0.0.1:0', '--data-dir', path.join(work, 'token-file-data'), '--token-file', tokenFile]);
    try {
      expect(new URL(started.url).searchParams.get('token')).toBe('a-token-kept-in-a-file-0123456789');
      const api = new URL('/api/hosts', started.url);
      const response = await fetch(api, { headers: { authorization: 'Bearer a-token-kept-in-a-file-0123456789' } });
      expect(response.status).toBe(200);
    } finally {
      await started.stop();
    }
  });

  it('opens the browser with a one-time login link, never the token', async () => {
    // A stand-in for xdg-open that writes down the address it was given, as any user could read it in /proc.
    const bin = path.join(work, 'opener-bin');
    const opened = path.join(work, 'opened-url');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}.part' && mv '${opened}.part' '${opened}'\n`, { mode: 0o755 });
    const started = await startFromSource(['--listen', '127.0.0.1:0', '--data-dir', path.join(work, 'opener')], {
      open: true,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    try {
      await vi.waitFor(() => expect(fs.existsSync(opened)).toBe(true), { timeout: 10_000, interval: 50 });
      const link = new URL(fs.readFileSync(opened, 'utf8'));
      const token = new URL(started.url).searchParams.get('token')!;
      expect(link.origin).toBe(new URL(started.url).origin);
      expect(link.href).not.toContain(token);
      expect(link.searchParams.get('token')).toBeNull();
      const first = await fetch(link, { redirect: 'manual' });
      expect(first.status).toBe(303);
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      expect(cookie).not.toContain(token);
      expect((await fetch(new URL('/api/hosts', link), { headers: { cookie } })).status).toBe(200);
      const second = await fetch(link, { redirect: 'manual' });
      expect(second.status).toBe(401);
    } finally {
      await started.stop();
    }
  });

  it('says which address is taken when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startFromSource(['--listen', `127.0.0.1:${port}`, '--data-dir', path.join(work, 'busy')]).then(
        () => undefined,
        (e: Error & { exitCode: number }) => e,
      );
      expect(error?.exitCode).toBe(1);
      expect(error?.message).toBe(`longhaul: 127.0.0.1:${port} is already in use; pick another port with --listen 127.0.0.1:PORT (0 picks a free one)`);
    } finally {
      blocker.close();
    }
  });
});
