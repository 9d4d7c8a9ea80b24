// Links a host prints, in real Chromium: hovering shows where one goes, and an OSC 8 link titled "release notes"
// that goes to a loopback service asks first, showing its target, and opens only when confirmed.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-links-'));
let browser: Browser;
let context: BrowserContext;
let longhaul: LonghaulProcess;
let page: Page;
/** A service on loopback, as a developer runs one: it records every request a link makes of it. */
let service: http.Server;
let servicePort: number;
const requests: string[] = [];
/** Pages the browser opened besides longhaul's. */
const opened: Page[] = [];

beforeAll(async () => {
  service = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    response.end('loopback service');
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  servicePort = (service.address() as { port: number }).port;
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1000, height: 600 } });
  page = await context.newPage();
  context.on('page', (popup) => opened.push(popup));
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await new Promise<void>((resolve) => (service ? service.close(() => resolve()) : resolve()));
  fs.rmSync(work, { recursive: true, force: true });
});

/** Print an OSC 8 hyperlink to `target` reading `text`, alone on its line, and return where to point at it. */
async function printLink(target: string, text: string): Promise<{ x: number; y: number }> {
  await typeCommand(page, `clear; printf '\\e]8;;%s\\e\\\\%s\\e]8;;\\e\\\\\\n' '${target}' '${text}'`);
  await waitForScreen(page, new RegExp(`^${text}\\s*$`, 'm'));
  const box = (await page.locator('.xterm-screen').boundingBox())!;
  const lines = await page.evaluate(() => window.longhaul.screen().lines);
  const row = lines.findIndex((line) => line.trimEnd() === text);
  return { x: box.x + 30, y: box.y + (box.height / lines.length) * (row + 0.5) };
}

/** Bring the mouse onto a link over the cells before it, as a hand does (xterm.js looks for links as the mouse moves). */
async function pointAt(at: { x: number; y: number }): Promise<void> {
  await page.mouse.move(at.x, at.y + 120);
  await page.mouse.move(at.x, at.y, { steps: 5 });
}

describe('links a host prints', () => {
  it('shows where a link goes while the mouse is on it', async () => {
    const target = `http://127.0.0.1:${servicePort}/x`;
    const at = await printLink(target, 'release notes');
    await pointAt(at);
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe(target);
    await page.mouse.move(at.x, at.y + 200);
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(0);
  });

  it('asks before opening a link titled "release notes" that goes to a loopback service, and opens it only when confirmed', async () => {
    const target = `http://127.0.0.1:${servicePort}/x`;
    const at = await printLink(target, 'release notes');
    const dialog = page.getByRole('dialog', { name: 'Open this link?' });

    await pointAt(at);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The full target and why it asks, in words.
    expect(await dialog.locator('.link-target').textContent()).toBe(target);
    const text = await dialog.textContent();
    expect(text).toContain('The link reads “release notes”, but it goes somewhere else.');
    expect(text).toContain(`It points at 127.0.0.1:${servicePort}, on this computer or your private network`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    await pointAt(at);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const popup = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Open link' }).click();
    await expect.poll(async () => (await popup).url()).toBe(target);
    await expect.poll(() => requests.filter((url) => url !== '/favicon.ico')).toEqual(['/x']);
    // Cancelling opened nothing: only the confirmed click did.
    expect(opened).toHaveLength(1);
    await opened[0]!.close();
  });

  it('refuses a link that is not http or https, with a sentence', async () => {
    const at = await printLink('file:///etc/passwd', 'passwords');
    await pointAt(at);
    await page.mouse.click(at.x, at.y);
    await expect
      .poll(() => page.getByText('longhaul opens only http and https links; it did not open this file link: file:///etc/passwd').count())
      .toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(opened).toHaveLength(1);
  });
});
