// The longhaul command as a process: HTTPS, the token kept across restarts, and a port already in use.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-cli-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const main = path.resolve(import.meta.dirname, '../../server/main.ts');

interface Started {
  url: string;
  printed: () => string;
  stop: () => Promise<void>;
}

/** Start longhaul from source and wait for its ready line (or its exit). */
function startFromSource(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--no-open', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
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
