// Authentication paths beyond key files and passwords: the SSH agent, 2FA prompts after a key, and ProxyJump.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBridge } from '../support/bridge.js';
import { generateKeyPair, knownHostsLineFor, readSshdLog } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-auth-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

const knownHosts = () => writeFile('kh', `${knownHostsLineFor(sshd)}\n`);

async function openTab(wsUrl: string, token: string, target: string): Promise<TabClient> {
  const tab = await TabClient.connect(wsUrl, { token });
  tab.send({ type: 'open', target, cols: 80, rows: 24 });
  return tab;
}

describe('the SSH agent', () => {
  let agent: ReturnType<typeof spawn>;
  let socketPath: string;
  beforeAll(async () => {
    socketPath = path.join(work, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', socketPath], { stdio: 'ignore' });
    for (let waited = 0; !fs.existsSync(socketPath); waited += 50) {
      if (waited > 5000) throw new Error('ssh-agent did not create its socket');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    execFileSync('ssh-add', [sshd.userKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socketPath }, stdio: 'ignore' });
  });
  afterAll(() => {
    agent?.kill();
  });

  it('is tried first, before any key file or password', async () => {
    // The config names no usable key, so only the agent can log us in without a prompt.
    const config = writeFile('config-agent', `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${path.join(work, 'missing')}\n`);
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: knownHosts(), agentSocket: socketPath });
    try {
      const tab = await openTab(bridge.wsUrl, bridge.token, 'de1');
      await tab.next('ready');
      expect(tab.messages.some((m) => m.type === 'prompt')).toBe(false);
      expect(tab.messages.some((m) => m.type === 'status' && m.detail?.endsWith(': agent'))).toBe(true);
      tab.close();
    } finally {
      await bridge.close();
    }
  });

  it('is not offered with IdentitiesOnly yes', async () => {
    const config = writeFile(
      'config-identities-only',
      `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentitiesOnly yes\n  IdentityFile ${sshd.userKeyPath}\n`,
    );
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: knownHosts(), agentSocket: socketPath });
    try {
      const tab = await openTab(bridge.wsUrl, bridge.token, 'de1');
      await tab.next('ready');
      expect(tab.messages.some((m) => m.type === 'status' && m.detail?.endsWith(': agent'))).toBe(false);
      tab.close();
    } finally {
      await bridge.close();
    }
  });
});

describe('keyboard-interactive (2FA) after a key, relayed to the page', () => {
  // OpenSSH without PAM cannot ask for a second factor, so this host is an in-process ssh2 server.
  let server: ssh2.Server;
  let port: number;
  const hostKey = generateKeyPair(work, 'twofactor_host');
  const userKey = generateKeyPair(work, 'twofactor_user');
  const attempts: string[] = [];

  beforeAll(async () => {
    const allowed = ssh2.utils.parseKey(fs.readFileSync(userKey.publicKeyPath));
    if (allowed instanceof Error || Array.isArray(allowed)) throw new Error('bad test key');
    server = new ssh2.Server({ hostKeys: [fs.readFileSync(hostKey.privateKeyPath)] }, (client) => {
      let keyAccepted = false;
      client.on('authentication', (ctx) => {
        attempts.push(ctx.method);
        if (ctx.method === 'publickey' && ctx.key.data.equals(allowed.getPublicSSH())) {
          if (!ctx.signature) return ctx.accept(); // "would this key do?" — yes
          keyAccepted = true;
          return ctx.reject(['keyboard-interactive'], true); // partial success: now the code
        }
        if (ctx.method === 'keyboard-interactive' && keyAccepted) {
          return ctx.prompt([{ prompt: 'Verification code: ', echo: false }], 'Two-factor', 'Enter the code from your app.', (answers) =>
            answers[0] === '246810' ? ctx.accept() : ctx.reject(),
          );
        }
        ctx.reject(keyAccepted ? ['keyboard-interactive'] : ['publickey']);
      });
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept();
          session.on('pty', (ok) => ok?.());
          session.on('env', (ok) => ok?.());
          session.on('shell', (ok) => {
            const channel = ok();
            channel.write('second factor accepted\r\n');
          });
        });
      });
      client.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks for the code in the page, with echo off, and logs in', async () => {
    const config = writeFile('config-2fa', `Host mfa\n  HostName 127.0.0.1\n  Port ${port}\n  User ops\n  IdentityFile ${userKey.privateKeyPath}\n`);
    const [type, key] = hostKey.publicKey.split(/\s+/);
    const known = writeFile('kh-2fa', `[127.0.0.1]:${port} ${type} ${key}\n`);
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
    try {
      const tab = await openTab(bridge.wsUrl, bridge.token, 'mfa');
      const prompt = await tab.next('prompt');
      expect(prompt).toMatchObject({
        kind: 'keyboard-interactive',
        // longhaul's title names the host as typed; the host's own name for its question travels apart.
        title: 'mfa asks:',
        hostName: 'Two-factor',
        instructions: 'Enter the code from your app.',
        prompts: [{ text: 'Verification code: ', echo: false }],
      });
      tab.send({ type: 'prompt-answer', id: prompt.id, answers: ['246810'] });
      await tab.next('ready');
      await tab.waitForOutput('second factor accepted');
      // OpenSSH's order: none, then the key, then the second factor.
      expect(attempts.slice(0, 2)).toEqual(['none', 'publickey']);
      expect(attempts).toContain('keyboard-interactive');
      tab.close();
    } finally {
      await bridge.close();
    }
  });
});

describe('ProxyJump', () => {
  it('reaches a host through a jump host, checking both host keys', async () => {
    const config = writeFile(
      'config-jump',
      [
        `Host jump`,
        `  HostName 127.0.0.1`,
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.userKeyPath}`,
        `Host inner`,
        // From the jump host's side the target is again this sshd; the hop is real SSH tunnelling.
        `  HostName 127.0.0.1`,
        `  Port ${sshd.port}`,
        `  User ${sshd.user}`,
        `  IdentityFile ${sshd.userKeyPath}`,
        `  ProxyJump jump`,
        '',
      ].join('\n'),
    );
    const connections = () => readSshdLog(sshd).match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;
    const before = connections();
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: knownHosts() });
    try {
      const tab = await openTab(bridge.wsUrl, bridge.token, 'inner');
      await tab.next('ready');
      const handshakes = tab.messages.filter((m) => m.type === 'status' && m.phase === 'handshake').map((m) => m.type === 'status' && m.detail);
      expect(handshakes).toEqual(['jump', 'inner']);
      tab.type('echo jumped-$((3*3))\r');
      await tab.waitForOutput('jumped-9');
      // Two SSH connections reached sshd: the jump host's and the tunnelled one.
      expect(connections() - before).toBeGreaterThanOrEqual(2);
      tab.close();
    } finally {
      await bridge.close();
    }
  });
});
