// Proves the test harness against real OpenSSH: the de1 config, known_hosts line, delay proxy, log and password.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { knownHostsLineFor, readSshdLog, startSshd, type SshdHandle } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-harness-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeKnownHosts(name: string, line: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, `${line}\n`);
  return file;
}

interface SshResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs OpenSSH's own client against `de1` from an ssh config, trusting only the given known_hosts file. */
function ssh(configPath: string, knownHostsPath: string, command: string, extra: string[] = []): Promise<SshResult> {
  const args = [
    '-F', configPath,
    '-o', `UserKnownHostsFile=${knownHostsPath}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    ...extra,
    'de1',
    command,
  ];
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the test sshd', () => {
  it('runs a command for OpenSSH ssh using the de1 config and its known_hosts line', async () => {
    const knownHosts = writeKnownHosts('known_hosts', knownHostsLineFor(sshd));
    const result = await ssh(sshd.sshConfigPath, knownHosts, 'echo $((6*7)); whoami');
    expect(result.stderr).not.toMatch(/warning|error/i);
    expect(result).toMatchObject({ code: 0, stdout: `42\n${sshd.user}\n` });
    expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('works through the delay proxy, which makes each round trip slower', async () => {
    let proxy: DelayProxy | undefined;
    try {
      proxy = await startDelayProxy({ target: { host: sshd.host, port: sshd.port }, upMs: 50, downMs: 50 });
      // ssh checks the key under the port it dials, so trust the host key at the proxy's port.
      const knownHosts = writeKnownHosts('known_hosts_proxy', knownHostsLineFor({ port: proxy.port, hostPublicKey: sshd.hostPublicKey }));
      const started = performance.now();
      const result = await ssh(sshd.sshConfigPath, knownHosts, 'echo $((6*7))', ['-o', `Port=${proxy.port}`]);
      expect(result).toMatchObject({ code: 0, stdout: '42\n' });
      // Banner, key exchange, auth and the channel take several round trips of at least 100 ms each.
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
      expect(proxy.connectionsAccepted).toBe(1);
    } finally {
      await proxy?.close();
    }
  });

  it('accepts the encrypted user key only with its passphrase', async () => {
    const withPassphrase = await sshExec({ privateKey: fs.readFileSync(sshd.encryptedKeyPath), passphrase: sshd.passphrase }, 'echo ok');
    expect(withPassphrase).toBe('ok\n');
    await expect(sshExec({ privateKey: fs.readFileSync(sshd.encryptedKeyPath) }, 'true')).rejects.toThrow(/encrypted|passphrase/i);
  });

  it.skipIf(!sshd.password)('accepts the test user password', async () => {
    expect(await sshExec({ password: sshd.password! }, 'whoami')).toBe(`${sshd.user}\n`);
    await expect(sshExec({ password: `${sshd.password}-wrong` }, 'true')).rejects.toThrow(/authentication/i);
  });
});

describe('a second sshd with another host key', () => {
  let other: SshdHandle;
  beforeAll(async () => {
    other = await startSshd();
  });
  afterAll(() => other?.stop());

  it('runs beside the first with its own key and log', () => {
    expect(other.port).not.toBe(sshd.port);
    expect(other.hostKeyFingerprint).not.toBe(sshd.hostKeyFingerprint);
    expect(other.logPath).not.toBe(sshd.logPath);
    expect(other.knownHostsLine()).toBe(knownHostsLineFor(other));
  });

  it('is refused by ssh when known_hosts holds a different key, before any authentication request', async () => {
    // This sshd serves only this test, so its log after `before` is this connection's alone.
    const before = other.readLog().length;
    const wrong = writeKnownHosts('known_hosts_wrong', knownHostsLineFor({ port: other.port, hostPublicKey: sshd.hostPublicKey }));
    const refused = await ssh(other.sshConfigPath, wrong, 'echo $((6*7))');
    expect(refused.code).toBe(255);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    expect(refused.stderr).toMatch(/Host key verification failed/);
    // Wait for sshd to log the end of that connection, so the absence below means something.
    await expect.poll(() => other.readLog().slice(before)).toMatch(/Connection closed by 127\.0\.0\.1 port \d+ \[preauth\]/);
    const refusedLog = other.readLog().slice(before);
    expect(refusedLog).toMatch(/Connection from 127\.0\.0\.1 port \d+ on 127\.0\.0\.1 port \d+/);
    expect(refusedLog).not.toMatch(/userauth-request|Accepted |Failed |Postponed /);

    // Positive control: a connection that trusts the right key does show up as authentication requests.
    const afterRefusal = other.readLog().length;
    const right = writeKnownHosts('known_hosts_right', other.knownHostsLine());
    const accepted = await ssh(other.sshConfigPath, right, 'echo $((6*7))');
    expect(accepted).toMatchObject({ code: 0, stdout: '42\n' });
    await expect.poll(() => readSshdLog(other).slice(afterRefusal)).toMatch(/Accepted publickey for \S+ from 127\.0\.0\.1/);
    const acceptedLog = other.readLog().slice(afterRefusal);
    expect(acceptedLog).toMatch(new RegExp(`userauth-request for user ${other.user} service ssh-connection method none`));
    expect(acceptedLog).toMatch(/userauth-request for user \S+ service ssh-connection method publickey/);
  });
});

type Credentials = { password: string } | { privateKey: Buffer; passphrase?: string };

/** Runs a command over ssh2's Client (which, unlike OpenSSH's ssh, takes a password from code), checking the host key. */
function sshExec(credentials: Credentials, command: string): Promise<string> {
  const expectedKey = Buffer.from(sshd.hostPublicKey.split(/\s+/)[1]!, 'base64');
  return new Promise((resolve, reject) => {
    const client = new Client();
    const fail = (error: Error) => {
      client.end();
      reject(error);
    };
    client.on('error', fail);
    client.on('ready', () => {
      client.exec(command, (error, channel) => {
        if (error) return fail(error);
        let stdout = '';
        channel.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        channel.stderr.resume();
        channel.on('close', () => {
          client.end();
          resolve(stdout);
        });
      });
    });
    try {
      client.connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user,
        ...credentials,
        tryKeyboard: false,
        readyTimeout: 15_000,
        hostVerifier: (key: Buffer) => key.equals(expectedKey),
      });
    } catch (error) {
      // ssh2 throws synchronously for a key it cannot parse, e.g. an encrypted one without a passphrase.
      fail(error as Error);
    }
  });
}
