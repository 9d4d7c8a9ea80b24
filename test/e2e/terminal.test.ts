// The user's whole path in real Chromium: start longhaul, type de1, trust the key, use the shell, tabs, refusal of a changed key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, de1ConfigText, screenOf, screenText, tabsOf, waitForScreen } from '../support/page.js';
import { startSshd, type SshdHandle } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function writeFile(name: string, text: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

function de1Config(name: string, port: number, identityFile: string): string {
  return writeFile(name, de1ConfigText(port, sshd.user, identityFile));
}

describe('a person reaches a shell on de1', () => {
  let longhaul: LonghaulProcess;
  let page: Page;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-home-'));

  beforeAll(async () => {
    const userKnownHosts = writeFile('user_known_hosts', '');
    longhaul = await startLonghaul(
      ['--data-dir', path.join(work, 'data'), '--ssh-config', de1Config('config', sshd.port, sshd.userKeyPath), '--known-hosts', userKnownHosts],
      { HOME: home },
    );
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.goto(longhaul.url);
  });
  afterAll(async () => {
    await page?.close();
    await longhaul?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('takes the token out of the address bar', () => {
    expect(page.url()).not.toContain('token');
  });

  it('asks to trust the host key, showing its type and fingerprint, then opens a shell', async () => {
    await connect(page, 'de1');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const text = await dialog.innerText();
    expect(text).toContain(sshd.hostKeyFingerprint);
    expect(text).toContain('ED25519');
    await dialog.getByRole('button', { name: 'Trust and connect' }).click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /\$ ?$/m);

    await page.keyboard.type('echo $((1234*5678))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^7006652$/m);
    expect(fs.readFileSync(path.join(work, 'data', 'known_hosts'), 'utf8')).toContain(sshd.hostPublicKey.split(/\s+/)[1]);
  });

  it('follows the window size (stty size agrees with the screen)', async () => {
    await page.setViewportSize({ width: 800, height: 500 });
    await page.keyboard.type('clear; stty size');
    await page.keyboard.press('Enter');
    const screen = await screenOf(page);
    await expect.poll(async () => (await screenText(page)).match(/^(\d+) (\d+)$/m)?.[1], { timeout: 10_000 }).toBe(String(screen.lines.length));
  });

  it('shows wide characters in their cells', async () => {
    await page.keyboard.type("clear; printf '%s|\\n' '東京' 'ab'");
    await page.keyboard.press('Enter');
    // Two wide characters take four cells, so the bars line up under column 4 and 2.
    const text = await waitForScreen(page, /^東京\|$/m);
    expect(text).toMatch(/^ab\|$/m);
  });

  it('stays responsive under `yes`, and Ctrl-C stops it', async () => {
    await page.keyboard.type('yes');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^y\ny\ny$/m);
    await page.keyboard.press('Control+C');
    await page.keyboard.type('echo stopped-$((20+22))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^stopped-42$/m, 30_000);
    // The page still answers at once while the host is quiet again.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  });

  it('opens, switches and closes tabs by click and keyboard', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    expect((await tabsOf(page)).map((t) => t.state)).toEqual(['ready', 'launcher']);
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await page.keyboard.type('echo second-$((1+1))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^second-2$/m);

    await page.getByRole('tab').first().click();
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(0);
    expect(await screenText(page)).toMatch(/stopped-42/);
    await page.keyboard.press('Alt+PageDown');
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(1);

    await page.getByRole('tab').nth(1).getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(async () => (await tabsOf(page)).length).toBe(1);
  });

  it('holds a flood in a background tab to 1 MiB a second while the tab in front is used, and lets it catch up in front', async () => {
    // Output bytes each WebSocket of the page received, as Playwright sees its frames (headers included).
    const received = new Map<WebSocket, number>();
    const count = (socket: WebSocket) => {
      received.set(socket, 0);
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') received.set(socket, received.get(socket)! + payload.length);
      });
    };
    page.on('websocket', count);
    const openTab = async () => {
      await page.getByRole('button', { name: 'New tab' }).click();
      await connect(page, 'de1');
      await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
      await waitForScreen(page, /\$ ?$/m);
    };
    await openTab();
    const flooding = [...received.keys()].at(-1)!;
    await page.keyboard.type('yes longhaul-behind');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^longhaul-behind$/m);
    await openTab(); // the flooding tab goes to the background
    page.off('websocket', count);

    await new Promise((resolve) => setTimeout(resolve, 1000)); // what it drew in front is acknowledged by now
    const [startBytes, startedAt] = [received.get(flooding)!, Date.now()];
    await page.keyboard.type('echo in-front-$((40+2))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^in-front-42$/m);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const [bytes, seconds] = [received.get(flooding)! - startBytes, (Date.now() - startedAt) / 1000];
    // The bridge sends at most half a MiB beyond what the tab acknowledged, and the tab acknowledges 1 MiB a second.
    expect(bytes).toBeLessThanOrEqual(seconds * 1024 * 1024 + 1024 * 1024);
    expect(bytes).toBeGreaterThan(0); // held back, not stopped

    await page.getByRole('tab').nth(1).click();
    await page.keyboard.press('Control+C');
    await waitForScreen(page, /\$ ?$/m, 30_000);
    await page.keyboard.type('echo caught-up-$((1+1))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^caught-up-2$/m, 30_000);
    for (const tab of [2, 1]) await page.getByRole('tab').nth(tab).getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(async () => (await tabsOf(page)).length).toBe(1);
  });
});

describe('a changed host key', () => {
  let impostor: SshdHandle;
  let longhaul: LonghaulProcess;
  beforeAll(async () => {
    impostor = await startSshd();
  });
  afterAll(async () => {
    await longhaul?.stop();
    await impostor?.stop();
  });

  it('is refused in the page with the reason, and sshd saw no authentication attempt', async () => {
    const [type, key] = sshd.hostPublicKey.split(/\s+/);
    const known = writeFile('changed_known_hosts', `[127.0.0.1]:${impostor.port} ${type} ${key}\n`);
    longhaul = await startLonghaul([
      '--data-dir', path.join(work, 'data-changed'),
      '--ssh-config', de1Config('config-changed', impostor.port, impostor.userKeyPath),
      '--known-hosts', known,
    ]);
    const page = await browser.newPage();
    const connections = () => impostor.readLog().match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;
    const connectionsBefore = connections();
    try {
      await page.goto(longhaul.url);
      await connect(page, 'de1');
      await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('closed');
      const notice = page.getByText(/man-in-the-middle/);
      await expect.poll(() => notice.isVisible()).toBe(true);
      expect(await notice.innerText()).toContain(`ssh-keygen -R '[127.0.0.1]:${impostor.port}'`);
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(connections()).toBe(connectionsBefore + 1);
      expect(impostor.readLog()).not.toMatch(/userauth-request/);
    } finally {
      await page.close();
    }
  });
});

describe.skipIf(!sshd.password)('a password asked in the page', () => {
  let longhaul: LonghaulProcess;
  afterAll(() => longhaul?.stop());

  it('is typed into a password field, logs in, and is found nowhere afterwards', async () => {
    const dataDir = path.join(work, 'data-password');
    longhaul = await startLonghaul([
      '--data-dir', dataDir,
      '--ssh-config', de1Config('config-password', sshd.port, path.join(work, 'no-such-key')),
      '--known-hosts', writeFile('password_known_hosts', `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey.split(/\s+/).slice(0, 2).join(' ')}\n`),
    ], { LONGHAUL_LOG_LEVEL: 'debug' });
    const page = await browser.newPage();
    try {
      await page.goto(longhaul.url);
      await connect(page, 'de1');
      const dialog = page.getByRole('dialog');
      const field = dialog.locator('input');
      await expect.poll(() => field.count()).toBe(1);
      expect(await field.getAttribute('type')).toBe('password');
      await field.fill(sshd.password!);
      await field.press('Enter');
      await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
      await page.keyboard.type('echo logged-in-as-$(whoami)');
      await page.keyboard.press('Enter');
      await waitForScreen(page, new RegExp(`^logged-in-as-${sshd.user}$`, 'm'));
      expect(await page.getByRole('dialog').count()).toBe(0);
    } finally {
      await page.close();
    }
    await longhaul.stop();
    expect(longhaul.output()).not.toContain(sshd.password);
    for (const file of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) expect(fs.readFileSync(path.join(file.parentPath, file.name), 'latin1')).not.toContain(sshd.password);
    }
  });
});
