// SHA-1 is offered only when the ssh config asks: ssh-rsa host keys (an in-process ssh2 host, as the test sshd has only ed25519) and hmac-sha1 (a real sshd that allows nothing else).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor, startSshd, type SshdHandle } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-algorithms-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

let bridge: TestBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

async function open(sshConfigPath: string, userKnownHostsPath?: string): Promise<TabClient> {
  bridge = await startTestBridge({ sshConfigPath, ...(userKnownHostsPath ? { userKnownHostsPath } : {}) });
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'old1', cols: 80, rows: 24 });
  return tab;
}

describe('the real test sshd', () => {
  it('still connects with longhaul\'s lists', async () => {
    const config = write('modern', `Host old1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
    const tab = await open(config, write('modern_known_hosts', `${knownHostsLineFor(sshd)}\n`));
    await tab.next('ready');
    tab.close();
  });
});

describe('a host whose only host key is ssh-rsa', () => {
  let server: ssh2.Server;
  let port: number;
  beforeAll(async () => {
    const keyPath = path.join(work, 'rsa_host');
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-f', keyPath]);
    server = new ssh2.Server({ hostKeys: [fs.readFileSync(keyPath)], algorithms: { serverHostKey: ['ssh-rsa'] } }, (client) => {
      client.on('error', () => {});
      client.on('authentication', (ctx) => ctx.reject());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = (extra = '') => write(`rsa-config${extra ? '-plus' : ''}`, `Host old1\n  HostName 127.0.0.1\n  Port ${port}\n  User someone\n${extra}`);

  it('is refused with a sentence that says why and what to add', async () => {
    const tab = await open(config());
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('connect-failed');
    expect(closed.message).toMatch(/share no host key algorithm\. longhaul no longer accepts ssh-rsa host keys/);
    expect(closed.message).toContain('"HostKeyAlgorithms +ssh-rsa" under "Host old1"');
    expect(tab.messages.some((m) => m.type === 'host-key')).toBe(false);
  });

  it('is reached when the ssh config says HostKeyAlgorithms +ssh-rsa', async () => {
    const tab = await open(config('  HostKeyAlgorithms +ssh-rsa\n'));
    // Past the key exchange: its RSA key is shown to be trusted.
    const question = await tab.next('host-key');
    expect(question.keyType).toBe('RSA');
    tab.send({ type: 'host-key-answer', trust: false });
    expect((await tab.next('closed')).reason).toBe('host-key-rejected');
  });
});

describe('a real sshd that allows only hmac-sha1', () => {
  let old: SshdHandle;
  beforeAll(async () => {
    // A cipher with a separate MAC (AES-GCM and ChaCha20 carry their own), and only SHA-1 for it.
    old = await startSshd({ extraConfig: ['Ciphers aes128-ctr', 'MACs hmac-sha1'] });
  });
  afterAll(() => old?.stop());

  const config = (extra = '') =>
    write(`mac-config${extra ? '-plus' : ''}`, `Host old1\n  HostName 127.0.0.1\n  Port ${old.port}\n  User ${old.user}\n  IdentityFile ${old.userKeyPath}\n${extra}`);

  it('is refused with a sentence that says why and what to add', async () => {
    const tab = await open(config(), write('mac_known_hosts', `${old.knownHostsLine()}\n`));
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('connect-failed');
    expect(closed.message).toMatch(/share no MAC \(message integrity\) algorithm/);
    expect(closed.message).toContain('"MACs +hmac-sha1" under "Host old1"');
  });

  it('is reached when the ssh config says MACs +hmac-sha1', async () => {
    const tab = await open(config('  MACs +hmac-sha1\n'), write('mac_known_hosts', `${old.knownHostsLine()}\n`));
    await tab.next('ready');
    tab.close();
  });
});
