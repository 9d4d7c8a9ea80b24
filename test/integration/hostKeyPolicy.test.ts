// OpenSSH's host-key policy, against the real test sshd: StrictHostKeyChecking, UserKnownHostsFile, GlobalKnownHostsFile, @cert-authority.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { generateKeyPair, knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-hostkey-policy-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Another ed25519 key: a "changed" host key, or a certificate authority. */
const other = generateKeyPair(work, 'other');
const otherKeyLine = (hosts: string) => `${hosts} ${other.publicKey.split(/\s+/).slice(0, 2).join(' ')}`;
const hostId = `[127.0.0.1]:${sshd.port}`;

function write(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** An ssh config naming the test sshd `de1`, with extra lines under its Host. */
function config(name: string, ...lines: string[]): string {
  return write(
    name,
    `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  IdentitiesOnly yes\n${lines.map((l) => `  ${l}\n`).join('')}`,
  );
}

let bridge: TestBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

/** Start a bridge, let `prepare` write into its data directory (its home, ~), then open a tab to de1. */
async function open(options: Parameters<typeof startTestBridge>[0], prepare?: (dataDir: string) => void): Promise<TabClient> {
  bridge = await startTestBridge(options);
  prepare?.(bridge.dataDir);
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
  return tab;
}

const ownKnownHosts = () => fs.readFileSync(path.join(bridge!.dataDir, 'known_hosts'), 'utf8');
const asked = (tab: TabClient) => tab.messages.some((m) => m.type === 'host-key');

describe('StrictHostKeyChecking', () => {
  it('yes: an unknown host is refused with a sentence, and the page is given nothing to trust', async () => {
    const tab = await open({ sshConfigPath: config('strict-yes', 'StrictHostKeyChecking yes') });
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('host-key-unknown');
    expect(closed.message).toMatch(/not in any known_hosts file, and StrictHostKeyChecking yes/);
    expect(closed.message).toContain(sshd.hostKeyFingerprint);
    expect(asked(tab)).toBe(false);
    expect(fs.existsSync(path.join(bridge!.dataDir, 'known_hosts'))).toBe(false);
  });

  it.each(['accept-new', 'no', 'off'])('%s: an unknown key is trusted without asking, and remembered in longhaul\'s own file', async (value) => {
    const tab = await open({ sshConfigPath: config(`strict-${value}`, `StrictHostKeyChecking ${value}`) });
    await tab.next('ready');
    expect(asked(tab)).toBe(false);
    expect(ownKnownHosts()).toContain(knownHostsLineFor(sshd).split(' ').slice(1).join(' '));
    tab.close();
  });

  it.each(['accept-new', 'no', 'ask'])('%s: a changed key is still refused', async (value) => {
    const known = write(`changed-${value}`, `${otherKeyLine(hostId)}\n`);
    const tab = await open({ sshConfigPath: config(`changed-config-${value}`, `StrictHostKeyChecking ${value}`, `UserKnownHostsFile ${known}`) });
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('host-key-changed');
    expect(closed.message).toContain(`recorded in ${known} (line 1)`);
    expect(asked(tab)).toBe(false);
  });
});

describe('known hosts files', () => {
  it('UserKnownHostsFile: several files, ~ expanded, the key found in the second', async () => {
    const first = write('user-first', `${otherKeyLine('[other.example]:22')}\n`);
    const sshConfigPath = config('tilde', 'StrictHostKeyChecking yes', `UserKnownHostsFile ${first} ~/second_known_hosts`);
    // The bridge's home directory is its data directory: ~ means that.
    const tab = await open({ sshConfigPath }, (home) => fs.writeFileSync(path.join(home, 'second_known_hosts'), `${knownHostsLineFor(sshd)}\n`));
    await tab.next('ready');
    expect(asked(tab)).toBe(false);
    tab.close();
  });

  it('UserKnownHostsFile none: the user file is not read, so the host is unknown', async () => {
    const sshConfigPath = config('none', 'StrictHostKeyChecking yes', 'UserKnownHostsFile none');
    // The default user file (the bridge's stand-in for ~/.ssh/known_hosts) knows the host; `none` must skip it.
    const tab = await open({ sshConfigPath }, (home) => fs.writeFileSync(path.join(home, 'user_known_hosts'), `${knownHostsLineFor(sshd)}\n`));
    expect((await tab.next('closed')).reason).toBe('host-key-unknown');
  });

  it('GlobalKnownHostsFile (and the system file by default) is read', async () => {
    const global = write('global-known-hosts', `${knownHostsLineFor(sshd)}\n`);
    const named = await open({ sshConfigPath: config('global', 'StrictHostKeyChecking yes', `GlobalKnownHostsFile ${global}`) });
    await named.next('ready');
    named.close();
    await bridge!.close();
    const byDefault = await open({ sshConfigPath: config('global-default', 'StrictHostKeyChecking yes'), globalKnownHostsPaths: [global] });
    await byDefault.next('ready');
    byDefault.close();
  });

  it('a known hosts file that cannot be read ends the tab with a sentence naming it', async () => {
    const notAFile = fs.mkdtempSync(path.join(work, 'dir-'));
    const tab = await open({ sshConfigPath: config('unreadable', `GlobalKnownHostsFile ${notAFile}`) });
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('error');
    expect(closed.message).toMatch(/^longhaul could not read the known hosts files for de1: .*EISDIR.*Check that they are readable\.$/);
  });

  it('--known-hosts still works, and wins over UserKnownHostsFile', async () => {
    const cli = write('cli', `${knownHostsLineFor(sshd)}\n`);
    const tab = await open({ sshConfigPath: config('cli-config', 'StrictHostKeyChecking yes', 'UserKnownHostsFile none'), userKnownHostsPath: cli });
    await tab.next('ready');
    tab.close();
  });
});

describe('@cert-authority', () => {
  // ssh2 offers no *-cert-v01@openssh.com host key algorithm, so the host shows its plain key, which no CA signs.
  it('with StrictHostKeyChecking yes, a host known only through a CA is refused with a sentence saying why', async () => {
    const ca = write('ca-yes', `@cert-authority ${otherKeyLine('[127.0.0.1]:*')}\n`);
    const tab = await open({ sshConfigPath: config('ca-yes-config', 'StrictHostKeyChecking yes', `UserKnownHostsFile ${ca}`) });
    const closed = await tab.next('closed');
    expect(closed.reason).toBe('host-key-unknown');
    expect(closed.message).toMatch(/longhaul cannot check host certificates yet/);
    expect(closed.message).toContain(`${ca} (line 1)`);
  });

  it('otherwise the dialog says so, even with accept-new (never trusted silently)', async () => {
    const ca = write('ca-ask', `@cert-authority ${otherKeyLine('[127.0.0.1]:*')}\n`);
    const tab = await open({ sshConfigPath: config('ca-ask-config', 'StrictHostKeyChecking accept-new', `UserKnownHostsFile ${ca}`) });
    const question = await tab.next('host-key');
    expect(question.fingerprint).toBe(sshd.hostKeyFingerprint);
    expect(question.note).toMatch(/longhaul cannot check host certificates yet/);
    tab.send({ type: 'host-key-answer', trust: false });
    expect((await tab.next('closed')).reason).toBe('host-key-rejected');
  });
});
