// The bridge against a real OpenSSH sshd: host keys, authentication, a shell, resize, flow control, bad input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { startSshd, type SshdHandle } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-bridge-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** An ssh config naming the test sshd `de1`, with the given identity file. */
function sshConfig(name: string, identityFile: string, port = sshd.port): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, `Host de1\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${identityFile}\n`);
  return file;
}

function knownHostsFile(name: string, publicKeyLine: string, port = sshd.port): string {
  const file = path.join(work, name);
  const [type, key] = publicKeyLine.trim().split(/\s+/);
  fs.writeFileSync(file, `[127.0.0.1]:${port} ${type} ${key}\n`);
  return file;
}

async function openTab(bridge: TestBridge, target = 'de1', size = { cols: 100, rows: 30 }): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target, ...size });
  return tab;
}

/** Run a command and wait for a marker computed by the shell, so the echo of the command line cannot match. */
async function run(tab: TabClient, command: string): Promise<string> {
  const marker = `__done_${Math.random().toString(36).slice(2, 8)}`;
  const before = tab.output.length;
  tab.type(`${command}; echo ${marker.slice(0, 4)}''${marker.slice(4)}\r`);
  await tab.waitForOutput(new RegExp(`${marker}\\r?\\n`));
  const after = tab.output.slice(before);
  return after.slice(0, after.lastIndexOf(marker));
}

describe('first contact, known and changed host keys', () => {
  let bridge: TestBridge;
  const userKnownHosts = path.join(work, 'user_known_hosts_empty');

  beforeAll(async () => {
    fs.writeFileSync(userKnownHosts, '');
    bridge = await startTestBridge({ sshConfigPath: sshConfig('config-key', sshd.userKeyPath), userKnownHostsPath: userKnownHosts });
  });
  afterAll(() => bridge.close());

  it('asks about an unknown key with the fingerprint ssh-keygen prints, then opens a shell', async () => {
    const tab = await openTab(bridge);
    const question = await tab.next('host-key');
    expect(question).toMatchObject({
      target: 'de1',
      hostId: `[127.0.0.1]:${sshd.port}`,
      keyType: 'ED25519',
      fingerprint: sshd.hostKeyFingerprint,
    });
    tab.send({ type: 'host-key-answer', trust: true });
    await tab.next('ready');
    expect(await run(tab, 'echo $((6*7)) $TERM')).toContain('42 xterm-256color');
    tab.close();

    // Learned in longhaul's own known_hosts; the user's file is untouched.
    expect(fs.readFileSync(path.join(bridge.dataDir, 'known_hosts'), 'utf8')).toContain(sshd.hostPublicKey.split(/\s+/)[1]);
    expect(fs.readFileSync(userKnownHosts, 'utf8')).toBe('');
  });

  it('does not ask again once the key is known', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    expect(tab.messages.some((m) => m.type === 'host-key')).toBe(false);
    tab.close();
  });

  it('closes the tab without connecting when the user does not trust the key', async () => {
    const other = await startTestBridge({ sshConfigPath: sshConfig('config-key-2', sshd.userKeyPath) });
    try {
      const tab = await openTab(other);
      await tab.next('host-key');
      tab.send({ type: 'host-key-answer', trust: false });
      const closed = await tab.next('closed');
      expect(closed.reason).toBe('host-key-rejected');
      expect(fs.existsSync(path.join(other.dataDir, 'known_hosts'))).toBe(false);
    } finally {
      await other.close();
    }
  });
});

describe('a changed host key', () => {
  let impostor: SshdHandle;
  beforeAll(async () => {
    impostor = await startSshd();
  });
  afterAll(() => impostor.stop());

  it('is refused before any credential is sent, with a sentence that says why and how to fix it', async () => {
    // The user's known_hosts holds the real de1 key, but this port now answers with another key.
    const userKnownHosts = knownHostsFile('kh-changed', sshd.hostPublicKey, impostor.port);
    const bridge = await startTestBridge({
      sshConfigPath: sshConfig('config-changed', impostor.userKeyPath, impostor.port),
      userKnownHostsPath: userKnownHosts,
    });
    const connections = () => impostor.readLog().match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;
    const connectionsBefore = connections();
    try {
      const tab = await openTab(bridge);
      const closed = await tab.next('closed');
      expect(closed.reason).toBe('host-key-changed');
      expect(closed.message).toMatch(/man-in-the-middle/);
      expect(closed.message).toContain(`ssh-keygen -R '[127.0.0.1]:${impostor.port}' -f ${userKnownHosts}`);
      expect(tab.messages.some((m) => m.type === 'prompt' || m.type === 'host-key')).toBe(false);

      // The refused connection reached sshd, and sshd saw no authentication request at all.
      expect(connections()).toBe(connectionsBefore + 1);
      const log = impostor.readLog();
      expect(log).not.toMatch(/userauth-request|Accepted |Failed |Postponed /);
      // Positive control: a trusted connection to the same sshd does log authentication requests.
      const trusting = await startTestBridge({
        sshConfigPath: sshConfig('config-changed-ok', impostor.userKeyPath, impostor.port),
        userKnownHostsPath: knownHostsFile('kh-impostor', impostor.hostPublicKey, impostor.port),
      });
      try {
        const ok = await openTab(trusting);
        await ok.next('ready');
        ok.close();
        await expect.poll(() => impostor.readLog()).toMatch(/userauth-request/);
      } finally {
        await trusting.close();
      }
    } finally {
      await bridge.close();
    }
  });
});

describe('authentication', () => {
  let bridge: TestBridge;
  const known = () => knownHostsFile('kh-auth', sshd.hostPublicKey);
  afterAll(() => bridge?.close());

  it('asks for the passphrase of an encrypted key, again when it is wrong, and logs in', async () => {
    bridge = await startTestBridge({ sshConfigPath: sshConfig('config-enc', sshd.encryptedKeyPath), userKnownHostsPath: known() });
    const tab = await openTab(bridge);
    const first = await tab.next('prompt');
    expect(first.kind).toBe('passphrase');
    expect(first.prompts).toEqual([{ text: `Enter passphrase for key '${sshd.encryptedKeyPath}':`, echo: false }]);
    tab.send({ type: 'prompt-answer', id: first.id, answers: ['not the passphrase'] });
    const second = await tab.next('prompt');
    expect(second.instructions).toMatch(/did not unlock/);
    tab.send({ type: 'prompt-answer', id: second.id, answers: [sshd.passphrase] });
    await tab.next('ready');
    expect(await run(tab, 'echo key-$((40+2))')).toContain('key-42');
    tab.close();
  });

  it.skipIf(!sshd.password)('falls back to a password asked in the page, retrying after a wrong one', async () => {
    const b = await startTestBridge({ sshConfigPath: sshConfig('config-pw', path.join(work, 'no-such-key')), userKnownHostsPath: known() });
    try {
      const tab = await openTab(b);
      const first = await tab.next('prompt');
      expect(first).toMatchObject({ kind: 'password', prompts: [{ echo: false }] });
      tab.send({ type: 'prompt-answer', id: first.id, answers: ['wrong password'] });
      const second = await tab.next('prompt', 20_000);
      expect(second.kind).toBe('password');
      tab.send({ type: 'prompt-answer', id: second.id, answers: [sshd.password!] });
      await tab.next('ready', 20_000);
      expect(await run(tab, 'whoami')).toContain(sshd.user);
      tab.close();
    } finally {
      await b.close();
    }
  });

  it('says authentication failed when the user cancels every prompt', async () => {
    const b = await startTestBridge({ sshConfigPath: sshConfig('config-cancel', sshd.encryptedKeyPath), userKnownHostsPath: known() });
    const answered = new Set<number>();
    try {
      const tab = await openTab(b);
      for (;;) {
        const next = await tab.until(
          () => tab.messages.find((m) => m.type === 'closed' || (m.type === 'prompt' && !answered.has(m.id))),
          'a prompt or the end',
        );
        if (next.type === 'closed') {
          expect(next.reason).toBe('auth-failed');
          expect(next.message).toMatch(/did not accept/);
          break;
        }
        if (next.type === 'prompt') {
          answered.add(next.id);
          tab.send({ type: 'prompt-answer', id: next.id, answers: null });
        }
      }
    } finally {
      await b.close();
    }
  });
});

describe('a shell session', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({
      sshConfigPath: sshConfig('config-shell', sshd.userKeyPath),
      userKnownHostsPath: knownHostsFile('kh-shell', sshd.hostPublicKey),
      watermarks: { high: 64 * 1024, low: 16 * 1024 },
    });
  });
  afterAll(() => bridge.close());

  it('opens at the page size and follows resizes (stty size agrees)', async () => {
    const tab = await openTab(bridge, 'de1', { cols: 123, rows: 45 });
    await tab.next('ready');
    expect(await run(tab, 'stty size')).toContain('45 123');
    tab.send({ type: 'resize', cols: 77, rows: 19 });
    expect(await run(tab, 'stty size')).toContain('19 77');
    tab.close();
  });

  it('passes UTF-8 and wide characters through intact', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    expect(await run(tab, "printf '%s\\n' 'Grüße 東京 🚀'")).toContain('Grüße 東京 🚀');
    tab.close();
  });

  it('writes input re-sent with the same offset only once', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    const { encodeFrame, FrameType } = await import('../../shared/frames.js');
    tab.type('echo once');
    // Re-send the same bytes at offset 0, as a reconnecting page would; the bridge must drop them.
    tab.sendRaw(encodeFrame(FrameType.Input, 0, Buffer.from('echo once')));
    const result = await run(tab, '');
    expect(result).toMatch(/echo once;/);
    expect(result).not.toMatch(/echo onceecho once/);
    tab.close();
  });

  it('stops reading from the host when the page does not acknowledge, keeping memory bounded, and Ctrl-C works', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    await run(tab, 'true');
    tab.autoAck = false;
    tab.type('yes longhaul-flow-control\r');
    await tab.waitForOutput('longhaul-flow-control\r\nlonghaul-flow-control');
    // With no acknowledgements the output must stall near the watermark plus what SSH and ssh2 buffer.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const stalledAt = tab.outputLength;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(tab.outputLength).toBe(stalledAt);
    expect(stalledAt).toBeLessThan(8 * 1024 * 1024);
    // Ctrl-C, then acknowledge again: the prompt comes back.
    tab.type('\x03');
    tab.autoAck = true;
    tab.send({ type: 'ack', offset: tab.outputLength });
    // Typing on before the shell is back at its prompt races the Ctrl-C: the terminal may hand it to `yes`.
    await tab.waitForOutput(/\^C[\s\S]*\$ $/);
    expect(await run(tab, 'echo after-$((1+1))')).toContain('after-2');
    tab.close();
  });

  it('reports the exit of the shell with its code', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    tab.type('exit 3\r');
    const closed = await tab.next('closed');
    expect(closed).toMatchObject({ reason: 'exit', exitCode: 3 });
    expect(closed.message).toMatch(/exited with code 3/);
  });
});

describe('bad input from a page', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({
      sshConfigPath: sshConfig('config-bad', sshd.userKeyPath),
      userKnownHostsPath: knownHostsFile('kh-bad', sshd.hostPublicKey),
    });
  });
  afterAll(() => bridge.close());

  it('answers each malformed message with an error and keeps the session working', async () => {
    const tab = await openTab(bridge);
    await tab.next('ready');
    const hostile: (string | Uint8Array)[] = [
      'not json',
      '[]',
      'null',
      '{"type":"nope"}',
      '{"type":"resize","cols":0,"rows":24}',
      '{"type":"resize","cols":100000,"rows":24}',
      '{"type":"resize","cols":"80","rows":24}',
      '{"type":"ack","offset":-1}',
      '{"type":"open","target":"de1","cols":80,"rows":24}',
      '{"type":"prompt-answer","id":99,"answers":null}',
      '{"type":"host-key-answer","trust":true}',
      '{"type":"close","extra":1}',
      `{"type":"ping","id":1,"pad":"${'x'.repeat(70_000)}"}`,
      new Uint8Array([1, 2, 3]),
      new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0, 0, 65]),
      new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 65]),
    ];
    for (const message of hostile) tab.sendRaw(message);
    const errors = await tab.until(() => {
      const found = tab.messages.filter((m) => m.type === 'error');
      return found.length >= hostile.length && found;
    }, 'an error for every hostile message');
    expect(errors.every((e) => e.type === 'error' && e.message.length > 0)).toBe(true);
    expect(errors.map((e) => e.type === 'error' && e.code)).toContain('too-large');
    expect(await run(tab, 'echo still-$((2*21))')).toContain('still-42');
    tab.close();
  });

  it('refuses a page speaking another protocol version', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(bridge.wsUrl, { headers: { authorization: `Bearer ${bridge.token}` } });
    const messages: string[] = [];
    socket.on('message', (data) => messages.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'hello', version: 999 }));
    const code = await new Promise<number>((resolve) => socket.once('close', resolve));
    expect(code).toBe(4000);
    expect(JSON.parse(messages[0]!)).toMatchObject({ type: 'error', code: 'version-mismatch' });
  });

  it('says clearly when the target cannot be understood or reached', async () => {
    const bad = await openTab(bridge, 'no such host');
    expect(await bad.next('closed')).toMatchObject({ reason: 'bad-target' });
    const refused = await openTab(bridge, `${sshd.user}@127.0.0.1:1`);
    const closed = await refused.next('closed');
    expect(closed.reason).toBe('connect-failed');
    expect(closed.message).toMatch(/refused the connection/);
  });
});
