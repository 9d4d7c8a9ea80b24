// A closed tab whose shell has already ended (here at once: --keep-closed 0) still reopens — from history,
// with its output above a divider and a new shell below.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-reopen-ended-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
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

describe('reopening a tab whose shell has ended', () => {
  it('says the shell is gone and offers its history, which brings back its output and a new shell', async () => {
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await typeCommand(page, 'echo before-closing-$((8*8))');
    await waitForScreen(page, /^before-closing-64$/m);
    await page.getByRole('tab').first().getByRole('button', { name: 'Close tab' }).click();

    await page.getByRole('button', { name: 'Reopen closed tab' }).click();
    const fromHistory = page.getByRole('button', { name: 'Reopen from history' });
    await expect.poll(() => fromHistory.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await activeState(page)).toBe('closed');

    await fromHistory.click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await expect.poll(async () => {
      const lines = await page.evaluate(() => window.longhaul.buffer());
      const old = lines.findIndex((l) => l === 'before-closing-64');
      const divider = lines.findIndex((l) => /closed at \d\d:\d\d · new shell/.test(l));
      return old >= 0 && divider > old;
    }, { timeout: 15_000 }).toBe(true);
    await typeCommand(page, 'echo after-reopening-$((9*9))');
    await waitForScreen(page, /^after-reopening-81$/m);
  });
});
