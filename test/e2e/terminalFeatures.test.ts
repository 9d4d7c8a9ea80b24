// What a good terminal does, in real Chromium: titles from the shell, search in the scrollback, copy and paste, links.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, screenText, tabsOf, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-features-'));
let browser: Browser;
let context: BrowserContext;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: longhaul.origin });
  page = await context.newPage();
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

describe('terminal features', () => {
  it('names the tab from the shell title sequence', async () => {
    await typeCommand(page, `printf '\\033]0;%s\\007' "build-$((6*7))"; sleep 3`);
    await expect.poll(async () => (await tabsOf(page))[0]?.title).toBe('build-42');
    await expect.poll(() => page.getByRole('tab', { name: /build-42/ }).count()).toBe(1);
    await waitForScreen(page, /\$ ?$/m);
  });

  it('finds text in the scrollback, shows it, and copies the match with Ctrl+Shift+C', async () => {
    await typeCommand(page, 'seq 100000 100400');
    await waitForScreen(page, /^100400$/m);
    expect(await screenText(page)).not.toMatch(/^100037$/m);
    await page.keyboard.press('Control+Shift+F');
    const search = page.getByLabel('Search');
    await search.fill('100037');
    await search.press('Enter');
    // The match scrolls into view.
    await waitForScreen(page, /^100037$/m);
    await search.press('Escape');
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(clipboard).toBe('100037');
  });

  it('pastes with Ctrl+Shift+V', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((5*5))'));
    await page.keyboard.press('End'); // back to the prompt after searching
    await page.keyboard.press('Control+Shift+V');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^pasted-25$/m);
  });

  it('opens a printed link in a new tab when clicked', async () => {
    await context.route('https://example.com/**', (route) => route.fulfill({ body: 'ok' }));
    await typeCommand(page, 'clear; echo https://example.com/longhaul-$((2+3))');
    await waitForScreen(page, /^https:\/\/example\.com\/longhaul-5$/m);
    // Point at the middle of the link's row, a few cells in, as a person would.
    const box = (await page.locator('.xterm-screen').boundingBox())!;
    const lines = await page.evaluate(() => window.longhaul.screen().lines);
    const row = lines.findIndex((line) => line.startsWith('https://example.com/longhaul-5'));
    const rowHeight = box.height / lines.length;
    const x = box.x + 60;
    const y = box.y + rowHeight * (row + 0.5);
    await page.mouse.move(x, y);
    const popup = context.waitForEvent('page');
    await page.mouse.click(x, y);
    const opened = await popup;
    await expect.poll(() => opened.url()).toBe('https://example.com/longhaul-5');
    await opened.close();
  });
});
