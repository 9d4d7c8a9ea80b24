// In real Chromium, logins that cannot go on alone: a second tab waiting on the first tab's password dialog names that tab and goes there on a click; a host StrictHostKeyChecking yes refuses offers nothing to trust.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, tabsOf } from '../support/page.js';
import { knownHostsLineFor } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-login-wait-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

let otherPort: DelayProxy;

beforeAll(async () => {
  otherPort = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  // pw1 has no usable key: its login asks for the password.
  const config = path.join(work, 'config');
  fs.writeFileSync(
    config,
    `Host pw1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${path.join(work, 'no-such-key')}\n  IdentitiesOnly yes\n` +
      // The same sshd behind another port, which known_hosts does not list and the config says never to ask about.
      `Host strict1\n  HostName 127.0.0.1\n  Port ${otherPort.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n  StrictHostKeyChecking yes\n`,
  );
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  longhaul = await startLonghaul(['--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await otherPort?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('a tab waiting on another tab\'s login', () => {
  // Password logins need the root-only test account.
  it.skipIf(!sshd.password)('names the tab that asks for the password, and goes there', async () => {
    await connect(page, 'pw1');
    const dialog = page.getByRole('dialog', { name: /Password for/ });
    await dialog.waitFor();

    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'pw1');
    const waiting = page.getByRole('status').filter({ hasText: 'Waiting for the login' });
    await expect.poll(() => waiting.textContent(), { timeout: 15_000 }).toContain('Waiting for the login to pw1 in tab 1 (it is asking for a password).');

    await waiting.getByRole('button', { name: 'Go to that tab' }).click();
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(0);
    await dialog.getByRole('textbox').fill(sshd.password!);
    await dialog.getByRole('textbox').press('Enter');
    // One login, two shells.
    await expect.poll(async () => (await tabsOf(page)).map((t) => t.state), { timeout: 15_000 }).toEqual(['ready', 'ready']);
  });
});

describe('StrictHostKeyChecking yes', () => {
  it('refuses an unknown host with a sentence, and no trust button', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'strict1');
    const notice = page.getByText('Unknown host key — connection refused');
    await notice.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText(/StrictHostKeyChecking yes in ~\/\.ssh\/config says not to ask/).isVisible()).toBe(true);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Trust and connect' }).count()).toBe(0);
  });
});
