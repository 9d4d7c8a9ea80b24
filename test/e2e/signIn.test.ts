// Signing in with the printed address gives each browser its own sign-in, not the token; Sign out everywhere ends them all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-sign-in-'));
let browser: Browser;
let longhaul: LonghaulProcess;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A browser of its own (its own cookie jar), signed in with the printed address. */
async function signedInBrowser(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  await page.goto(longhaul.url);
  return { context, page };
}

const apiStatus = (page: Page) => page.evaluate(async () => (await fetch('/api/hosts')).status);

describe('signing in and out', () => {
  it('gives each browser a sign-in that is not the token, and Sign out everywhere ends them all', async () => {
    const token = new URL(longhaul.url).searchParams.get('token')!;
    const mine = await signedInBrowser();
    const theirs = await signedInBrowser();
    try {
      const [myCookie] = await mine.context.cookies();
      const [theirCookie] = await theirs.context.cookies();
      expect(myCookie!.httpOnly).toBe(true);
      expect(myCookie!.sameSite).toBe('Strict');
      expect(myCookie!.value).not.toBe(token);
      expect(myCookie!.value).not.toBe(theirCookie!.value);

      // The other browser has a shell open: signing out everywhere cuts its connection too.
      const socketClosed = new Promise<void>((resolve) => theirs.page.on('websocket', (socket) => socket.on('close', () => resolve())));
      await connect(theirs.page, 'de1');
      await expect.poll(() => activeState(theirs.page), { timeout: 15_000 }).toBe('ready');
      expect(await apiStatus(theirs.page)).toBe(200);

      await mine.page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await expect.poll(() => mine.page.getByRole('status').innerText()).toMatch(/^Signed out everywhere\. .*\?token=…\)\.$/);
      await socketClosed;
      expect(await apiStatus(theirs.page)).toBe(401);
      expect(await apiStatus(mine.page)).toBe(401);

      // The printed address signs a browser in again.
      await mine.page.goto(longhaul.url);
      expect(await apiStatus(mine.page)).toBe(200);
      expect(mine.page.url()).not.toContain('token');
    } finally {
      await mine.context.close();
      await theirs.context.close();
    }
  });
});
