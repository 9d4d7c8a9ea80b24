// Logins that wait on a person: a dialog left open past sshd's LoginGraceTime, and a second tab waiting on the first tab's prompt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { startSshd, type SshdHandle, type SshdInfo } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-login-waits-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let bridge: TestBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

/** A bridge whose `pw1` reaches `host` with no usable key: a password, or the encrypted key's passphrase, is asked for. */
async function startBridge(host: SshdInfo & { knownHostsLine?: () => string }, ask: 'password' | 'passphrase'): Promise<TestBridge> {
  const name = `${host.port}-${ask}`;
  const identity = ask === 'password' ? path.join(work, 'no-such-key') : host.encryptedKeyPath;
  const config = path.join(work, `config-${name}`);
  fs.writeFileSync(config, `Host pw1\n  HostName 127.0.0.1\n  Port ${host.port}\n  User ${host.user}\n  IdentityFile ${identity}\n  IdentitiesOnly yes\n`);
  const known = path.join(work, `known_hosts-${name}`);
  const [type, key] = host.hostPublicKey.split(/\s+/);
  fs.writeFileSync(known, `[127.0.0.1]:${host.port} ${type} ${key}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
  return bridge;
}

async function openTab(b: TestBridge): Promise<TabClient> {
  const tab = await TabClient.connect(b.wsUrl, { token: b.token });
  tab.send({ type: 'open', target: 'pw1', cols: 80, rows: 24 });
  return tab;
}

describe('a login dialog left open past LoginGraceTime', () => {
  let impatient: SshdHandle;
  beforeAll(async () => {
    impatient = await startSshd({ extraConfig: ['LoginGraceTime 3'] });
  });
  afterAll(() => impatient?.stop());

  async function leaveOpen(ask: 'password' | 'passphrase'): Promise<void> {
    const b = await startBridge(impatient, ask);
    const tab = await openTab(b);
    expect((await tab.next('prompt')).kind).toBe(ask);
    // Nobody answers; sshd hangs up after its LoginGraceTime.
    const closed = await tab.next('closed', 30_000);
    expect(closed.message).toBe('pw1 stopped waiting for the login (its LoginGraceTime ran out); try again.');
  }

  // Password logins need the root-only test account.
  it.skipIf(!sshd.password)('a password dialog: says the host stopped waiting for the login', () => leaveOpen('password'));
  it('a passphrase dialog: says the host stopped waiting for the login', () => leaveOpen('passphrase'));
});

describe('a second tab whose login waits on the first tab\'s prompt', () => {
  it.skipIf(!sshd.password)('says it waits for the login in another tab, and what that tab asks', async () => {
    const b = await startBridge(sshd, 'password');
    const asking = await openTab(b);
    const prompt = await asking.next('prompt');
    const waiting = await openTab(b);
    const status = await waiting.until(
      () => waiting.messages.find((m) => m.type === 'status' && m.detail?.startsWith('Waiting for the login')),
      'a status naming the other tab\'s login',
    );
    expect(status).toEqual({
      type: 'status',
      phase: 'connecting',
      detail: 'Waiting for the login to pw1 in another tab (it is asking for a password).',
      waitingFor: 'password',
    });
    asking.send({ type: 'prompt-answer', id: prompt.id, answers: [sshd.password!] });
    await asking.next('ready');
    await waiting.next('ready');
    expect(waiting.messages.some((m) => m.type === 'prompt')).toBe(false);
    expect(b.sessions.connectionCount).toBe(1);
    asking.close();
    waiting.close();
  });
});
