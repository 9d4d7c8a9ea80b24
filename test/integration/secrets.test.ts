// Secrets leave no trace: after logins with a password and with an encrypted key's passphrase (right and wrong ones), no trace of them is in longhaul's data dir (WAL/SHM included) or its output.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedSession } from '../../shared/savedSessions.js';
import { startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { generateKeyPair, startSshd, type KeyPair, type SshdHandle } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-secrets-'));
const home = path.join(work, 'home');
const dataDir = path.join(work, 'data');
fs.mkdirSync(home);

/** A secret as a person would type it: printable, and random, so finding any 8 bytes of it is no coincidence. */
const newSecret = () => randomBytes(24).toString('base64url');
/** Shortest piece of a secret looked for on its own: a cut-off copy is still a leak. */
const WINDOW = 8;

/** Every form in which a secret could have been written: as typed, as UTF-16, base64 or hex, and any 8-byte piece. */
function leakedForms(haystack: Buffer, secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms: [string, Buffer][] = [
    ['utf-8', utf8],
    ['utf-16le', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(utf8.toString('base64').replace(/=+$/, ''))],
    ['base64url', Buffer.from(utf8.toString('base64url'))],
    ['hex', Buffer.from(utf8.toString('hex'))],
    ['HEX', Buffer.from(utf8.toString('hex').toUpperCase())],
  ];
  for (let i = 0; i + WINDOW <= utf8.length; i++) forms.push([`bytes ${i}..${i + WINDOW}`, utf8.subarray(i, i + WINDOW)]);
  return forms.filter(([, needle]) => haystack.includes(needle)).map(([name]) => name);
}

/** Every regular file under the data dir, read as it is now (the store's -wal and -shm among them). */
function dataDirFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dataDir, file), fs.readFileSync(file));
    }
  }
  return files;
}

function leaksIn(places: Map<string, Buffer>, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [place, bytes] of places) {
    for (const [what, secret] of secrets) {
      const forms = leakedForms(bytes, secret);
      if (forms.length > 0) found.push(`${what} in ${place} (${forms.join(', ')})`);
    }
  }
  return found;
}

let sshd: SshdHandle;
let encryptedKey: KeyPair;
const passphrase = newSecret();
let longhaul: LonghaulProcess;
let token: string;
let wsUrl: string;
/** Secrets typed into prompts by the tests that ran, by what they were. */
const typed = new Map<string, string>();
/** Printed by the shells, so it is in the closed-session history: shows the scan does see what the store holds. */
const canary = `canary-${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  // Its own sshd, so the key added to authorized_keys changes no other test's host.
  sshd = await startSshd();
  encryptedKey = generateKeyPair(work, 'id_ed25519_secret', passphrase);
  // As the harness authorizes its own keys: its AuthorizedKeysFile, read by sshd at each login.
  fs.appendFileSync(path.join(sshd.dir, 'authorized_keys'), `${encryptedKey.publicKey}\n`);
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `[127.0.0.1]:${sshd.port} ${type} ${key}\n`);
  const hostLines = (alias: string, identityFile: string) =>
    `Host ${alias}\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${identityFile}\n  IdentitiesOnly yes\n`;
  const config = path.join(work, 'ssh_config');
  fs.writeFileSync(config, hostLines('pw', path.join(work, 'no-such-key')) + hostLines('enc', encryptedKey.privateKeyPath));
  // Debug logging: the most longhaul ever writes, so the most chances to leak.
  longhaul = await startLonghaul(
    ['--data-dir', dataDir, '--ssh-config', config, '--known-hosts', known],
    { HOME: home, LONGHAUL_LOG_LEVEL: 'debug' },
    { fromSource: true },
  );
  token = new URL(longhaul.url).searchParams.get('token')!;
  wsUrl = `${longhaul.origin.replace(/^http/, 'ws')}/ws`;
});
afterAll(async () => {
  await longhaul?.stop('SIGKILL');
  await sshd?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/**
 * Opens a tab, answers its prompts of `kind` with `answers` in turn, then prints the canary and ends the shell
 * so its scrollback goes to the history.
 */
async function logIn(open: { target: string; savedSessionId?: string }, kind: 'password' | 'passphrase', answers: string[]): Promise<void> {
  const tab = await TabClient.connect(wsUrl, { token });
  tab.send({ type: 'open', cols: 80, rows: 24, ...open });
  for (const answer of answers) {
    const prompt = await tab.next('prompt', 20_000);
    expect(prompt.kind).toBe(kind);
    expect(prompt.prompts.every((p) => !p.echo)).toBe(true);
    tab.send({ type: 'prompt-answer', id: prompt.id, answers: [answer] });
  }
  await tab.next('ready', 20_000);
  expect(tab.messages.filter((m) => m.type === 'prompt')).toHaveLength(answers.length);
  tab.type(`echo ${canary.slice(0, 7)}''${canary.slice(7)}-$((6*7)) $(whoami)\r`);
  await tab.waitForOutput(`${canary}-42 ${sshd.user}`);
  tab.type('exit\r');
  expect((await tab.next('closed')).reason).toBe('exit');
  tab.close();
}

describe('secrets typed into prompts', () => {
  it('the scan finds a secret in every form it looks for', () => {
    // Without this, a scan that never matches anything would pass every test below.
    const secret = newSecret();
    const utf8 = Buffer.from(secret);
    for (const planted of [
      utf8,
      Buffer.from(secret, 'utf16le'),
      Buffer.from(utf8.toString('base64')),
      Buffer.from(utf8.toString('hex').toUpperCase()),
      utf8.subarray(10, 10 + WINDOW),
    ]) {
      expect(leakedForms(Buffer.concat([randomBytes(100), planted, randomBytes(100)]), secret)).not.toEqual([]);
    }
    expect(leakedForms(randomBytes(100_000), secret)).toEqual([]);
  });

  // The harness gives its login account a password only when run as root.
  it.skipIf(process.getuid?.() !== 0)('logs in with a password, after a wrong one', async () => {
    expect(sshd.password, 'password logins need the tests to run as root').toBeDefined();
    const wrong = newSecret();
    typed.set('the wrong password', wrong);
    typed.set('the password', sshd.password!);
    await logIn({ target: 'pw' }, 'password', [wrong, sshd.password!]);
  });

  it('logs in with an encrypted key, its passphrase asked in the page, after a wrong one', async () => {
    const wrong = newSecret();
    typed.set('the wrong passphrase', wrong);
    typed.set('the passphrase', passphrase);
    await logIn({ target: 'enc' }, 'passphrase', [wrong, passphrase]);
    // And from a saved session that names the key file: the same secret through another path.
    const created = await fetch(`${longhaul.origin}/api/sessions/saved`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'with the encrypted key', target: 'pw', auth: 'key-file', keyFile: encryptedKey.privateKeyPath }),
    });
    expect(created.status).toBe(201);
    const saved = (await created.json()) as SavedSession;
    await logIn({ target: 'pw', savedSessionId: saved.id }, 'passphrase', [passphrase]);
  });

  it('leaves no trace of them in the data dir (WAL and SHM too) or in what longhaul printed, running or killed', async () => {
    expect([...typed.keys()]).toEqual(expect.arrayContaining(['the passphrase', 'the wrong passphrase']));
    // While running: the history entries are still in the WAL, next to the SHM.
    const running = dataDirFiles();
    expect([...running.keys()]).toEqual(expect.arrayContaining(['longhaul.db', 'longhaul.db-wal', 'longhaul.db-shm']));
    expect(leaksIn(running, new Map([['the canary', canary]])), 'the scan does not see the closed sessions').not.toEqual([]);
    expect(leaksIn(running, typed)).toEqual([]);

    // Killed: nothing gets checkpointed or tidied away before the files are read again.
    await longhaul.stop('SIGKILL');
    const killed = dataDirFiles();
    expect(killed.has('longhaul.db-wal')).toBe(true);
    expect(leaksIn(killed, typed)).toEqual([]);

    const printed = longhaul.output();
    // Logging was on and covered the logins: one connection timeline (naming each method tried) per login.
    expect(printed.match(/"msg":"connection timeline"/g)?.length).toBe(typed.has('the password') ? 3 : 2);
    expect(printed).toMatch(/auth \(enc: key [^)]*id_ed25519_secret\)/);
    expect(leaksIn(new Map([['stdout/stderr', Buffer.from(printed)]]), typed)).toEqual([]);
  });
});
