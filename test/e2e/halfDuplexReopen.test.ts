// A tab left in half-duplex mode comes back in it: reopened after its shell ended, and from the History list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-hd-reopen-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  // A closed tab's shell ends at once, so every reopen here is a reopen from history.
  longhaul = await startLonghaul([...de1Args(work, sshd, sshd.port), '--keep-closed', '0'], { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const halfDuplexOn = () => page.evaluate(() => window.longhaul.halfDuplex()?.on ?? null);
const closeFirstTab = () => page.getByRole('tab').first().getByRole('button', { name: 'Close tab' }).click();

describe('half-duplex through a reopen from history', () => {
  it('is still on in a closed tab reopened from history', async () => {
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Half-duplex' }).click();
    await expect.poll(halfDuplexOn).toBe(true);
    await typeCommand(page, 'echo in-half-duplex-$((6*7))');
    await waitForScreen(page, /^in-half-duplex-42$/m);
    await closeFirstTab();

    await page.getByRole('button', { name: 'Reopen closed tab' }).click();
    const fromHistory = page.getByRole('button', { name: 'Reopen from history' });
    await expect.poll(() => fromHistory.isVisible(), { timeout: 15_000 }).toBe(true);
    await fromHistory.click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    expect(await halfDuplexOn()).toBe(true);
    expect(await page.getByRole('button', { name: 'Half-duplex' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('is still on when the session is reopened from the History list of a new tab', async () => {
    await closeFirstTab();
    await page.reload();
    const history = page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.getByRole('button').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await history.getByRole('button').first().click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    expect(await halfDuplexOn()).toBe(true);
  });
});
