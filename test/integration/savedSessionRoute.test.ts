// A tab opened from a saved session is connected with that session's settings, not just its target.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveSession, startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-saved-route-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
let bridge: TestBridge;

beforeAll(async () => {
  const config = path.join(work, 'config');
  // The config alone logs in with the plain key, without any prompt.
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});
afterAll(() => bridge?.close());


async function openSaved(savedSessionId: string): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, savedSessionId });
  return tab;
}

describe('opening a saved session', () => {
  it('with `key-file`, offers only that key (here: an encrypted one, so its passphrase is asked)', async () => {
    const id = await saveSession(bridge, { name: 'de1 with its own key', target: 'de1', auth: 'key-file', keyFile: sshd.encryptedKeyPath });
    const tab = await openSaved(id);
    const prompt = await tab.next('prompt');
    expect(prompt.kind).toBe('passphrase');
    expect(prompt.title).toContain(sshd.encryptedKeyPath);
    tab.send({ type: 'prompt-answer', id: prompt.id, answers: [sshd.passphrase] });
    await tab.next('ready');
    tab.send({ type: 'close' });
  });

  it.skipIf(!sshd.password)('with `password`, offers no key and asks for the password', async () => {
    const id = await saveSession(bridge, { name: 'de1 by password', target: 'de1', auth: 'password' });
    const tab = await openSaved(id);
    const prompt = await tab.next('prompt');
    expect(prompt.kind).toBe('password');
    tab.send({ type: 'prompt-answer', id: prompt.id, answers: [sshd.password!] });
    await tab.next('ready');
    tab.send({ type: 'close' });
  });

  it('with a `key-file` that does not exist, says so when it rides on another tab\'s login', async () => {
    const plain = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    plain.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await plain.next('ready');
    const missing = path.join(work, 'no-such-key');
    const id = await saveSession(bridge, { name: 'de1 with a lost key', target: 'de1', auth: 'key-file', keyFile: missing });
    const tab = await openSaved(id);
    await tab.next('ready');
    const notes = tab.messages.flatMap((m) => (m.type === 'status' && m.note ? [m.note] : []));
    expect(notes).toContain(`Key file ${missing} not found; using the existing login to de1.`);
    tab.send({ type: 'close' });
    plain.send({ type: 'close' });
  });

  it('says so when the saved session no longer exists', async () => {
    const tab = await openSaved('no-such-saved-session');
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('bad-target');
    expect(closed.message).toMatch(/saved session no longer exists/);
  });
});
