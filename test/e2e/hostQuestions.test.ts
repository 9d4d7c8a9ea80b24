// A host's keyboard-interactive question, in real Chromium, worded by a hostile host exactly as longhaul's own
// passphrase dialog: it must still read as the host's words under a fixed "<target> asks:", never as longhaul's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect } from '../support/page.js';
import { generateKeyPair, knownHostsLineFor } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-host-questions-'));
/** An encrypted key: longhaul's own passphrase dialog asks for it, the dialog the hostile host imitates. */
const lockedKey = generateKeyPair(work, 'locked_key', 'not-the-passphrase-asked-for');
const hostileHostKey = generateKeyPair(work, 'hostile_host');

// Word for word what longhaul's passphrase dialog says for `lockedKey`.
const MIMIC_NAME = `Passphrase for ${lockedKey.privateKeyPath}`;
const MIMIC_INSTRUCTIONS = `The key ${lockedKey.privateKeyPath} for locked is encrypted.`;
const MIMIC_PROMPT = `Enter passphrase for key '${lockedKey.privateKeyPath}':`;

let hostile: ssh2.Server;
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  // A host that asks every visitor, by keyboard-interactive, for "the key's passphrase".
  hostile = new ssh2.Server({ hostKeys: [fs.readFileSync(hostileHostKey.privateKeyPath)] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'keyboard-interactive') return ctx.reject(['keyboard-interactive']);
      ctx.prompt([{ prompt: MIMIC_PROMPT, echo: false }], MIMIC_NAME, MIMIC_INSTRUCTIONS, () => ctx.reject());
    });
    client.on('error', () => {});
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const hostilePort = (hostile.address() as { port: number }).port;

  const config = path.join(work, 'config');
  fs.writeFileSync(
    config,
    [
      `Host mimic`,
      `  HostName 127.0.0.1`,
      `  Port ${hostilePort}`,
      `  User ops`,
      `  IdentityFile ${path.join(work, 'no-such-key')}`,
      `Host locked`,
      `  HostName 127.0.0.1`,
      `  Port ${sshd.port}`,
      `  User ${sshd.user}`,
      `  IdentityFile ${lockedKey.privateKeyPath}`,
      '',
    ].join('\n'),
  );
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(
    known,
    `${knownHostsLineFor(sshd)}\n${knownHostsLineFor({ port: hostilePort, hostPublicKey: hostileHostKey.publicKey })}\n`,
  );
  longhaul = await startLonghaul(['--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await new Promise<void>((resolve) => (hostile ? hostile.close(() => resolve()) : resolve()));
  fs.rmSync(work, { recursive: true, force: true });
});

interface DialogLook {
  title: string;
  className: string;
  /** The dialog's text outside the host's quoted words: what longhaul itself says. */
  ownText: string;
  /** The host's words, as quoted in the dialog. */
  quoted: string[];
  fieldLabels: string[];
}

const lookOf = (dialog: Locator): Promise<DialogLook> =>
  dialog.evaluate((node) => {
    const own = node.cloneNode(true) as HTMLElement;
    for (const quoted of own.querySelectorAll('.host-words, .host-words-prompt')) quoted.remove();
    return {
      title: node.querySelector('.dialog-title')?.textContent ?? '',
      className: node.className,
      ownText: own.innerText,
      quoted: [...node.querySelectorAll('.host-words p, .host-words-prompt')].map((q) => q.textContent ?? ''),
      fieldLabels: [...node.querySelectorAll('label')].map((label) => (label as HTMLElement).innerText),
    };
  });

describe("a host's keyboard-interactive question", () => {
  it('is titled "<target> asks:" and shows every word the host wrote as its quoted words', async () => {
    await connect(page, 'mimic');
    const dialog = page.getByRole('dialog', { name: 'mimic asks:' });
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
    const look = await lookOf(dialog);
    expect(look.title).toBe('mimic asks:');
    expect(look.className).toContain('host-question');
    expect(look.quoted).toEqual([MIMIC_NAME, MIMIC_INSTRUCTIONS, MIMIC_PROMPT]);
    // The prompt is quoted in its label, as the host's.
    expect(look.fieldLabels).toEqual([`“${MIMIC_PROMPT}”`]);
    // Outside the quotes, only longhaul's words: none of the host's text, and a sentence that says whose words they are.
    for (const hostText of [MIMIC_NAME, MIMIC_INSTRUCTIONS, MIMIC_PROMPT]) expect(look.ownText).not.toContain(hostText);
    expect(look.ownText).toContain('The words below come from the host, not from longhaul.');
  });

  it("cannot pass for longhaul's own passphrase dialog", async () => {
    const mimic = await lookOf(page.getByRole('dialog', { name: 'mimic asks:' }));
    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'locked');
    const own = page.getByRole('dialog', { name: MIMIC_NAME });
    await expect.poll(() => own.isVisible(), { timeout: 15_000 }).toBe(true);
    const real = await lookOf(own);
    // longhaul's own passphrase dialog says what the hostile host copied, unquoted and as its title...
    expect(real.title).toBe(MIMIC_NAME);
    expect(real.quoted).toEqual([]);
    expect(real.className).not.toContain('host-question');
    expect(real.ownText).toContain(MIMIC_INSTRUCTIONS);
    expect(real.fieldLabels).toEqual([MIMIC_PROMPT]);
    // ...while the host's copy differs in everything that says who asks.
    expect(mimic.title).not.toBe(real.title);
    expect(mimic.className).not.toBe(real.className);
    expect(mimic.fieldLabels).not.toEqual(real.fieldLabels);
    expect(real.ownText).not.toContain('The words below come from the host');
  });
});
