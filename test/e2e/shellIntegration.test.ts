// Shell integration in real Chromium at 250 ms: a saved session with it on opens a bash tab whose prompts are marked (the first key of a line shows before its echo) and whose folder (OSC 7) is where uploads go.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FilesReport } from '../../client/files/filesFeature.js';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { waitForScreen } from '../support/page.js';
import { cursorRow as cursorRowOf, cursorRowSampler, expectFirstKeyBeforeEcho } from '../support/cursorRowSampler.js';

const ONE_WAY_MS = 125; // 250 ms round trip
const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-shell-integration-'));
let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  longhaul = await startLonghaul(de1Args(work, sshd, proxy.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  sampler = cursorRowSampler(page);
  await page.goto(longhaul.url);
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const cursorRow = () => cursorRowOf(page);

/** The folder the files feature would upload to, as the shell last reported it (OSC 7). */
const folder = () => page.evaluate(() => (window.longhaul.feature('files') as FilesReport | undefined)?.folder);

const atMarkedPrompt = async () => (await page.evaluate(() => window.longhaul.predictiveEcho()))?.markedPrompt === true;

let sampler: ReturnType<typeof cursorRowSampler>;

const startSampling = () => sampler.start();
const stopSampling = () => sampler.stop();

/** Enter, then wait for the command's output and the next prompt. */
async function finishLine(output: RegExp): Promise<void> {
  await page.keyboard.press('Enter');
  await waitForScreen(page, output, 20_000);
  await expect.poll(cursorRow, { timeout: 10_000 }).toMatch(/\$ $/);
}

describe('shell integration, 250 ms round trip', () => {
  it('is saved with a session, and its bash tab marks its prompts: the first key of a line shows before its echo', async () => {
    const saved = page.getByRole('region', { name: 'Saved sessions' });
    await saved.getByRole('button', { name: 'Save de1 as a session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save de1' });
    await dialog.getByLabel('Name', { exact: true }).fill('integrated');
    const integration = dialog.getByLabel(/^Shell integration/);
    expect(await integration.isChecked()).toBe(false); // off unless asked for
    await integration.check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await saved.getByRole('button', { name: /^integrated\b/ }).click();

    // The line is typed once the shell is ready; it has run when the shell first says its folder (OSC 7). The first
    // marked prompt is never trusted (a line may have been typed ahead of it), so one line passes it and teaches the
    // predictor the echo time.
    await expect.poll(folder, { timeout: 20_000 }).toMatch(/^\/./);
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ $/);
    await page.keyboard.type('echo warm', { delay: 40 });
    await finishLine(/^warm$/m);
    for (const command of ['echo one', 'echo two', 'echo three']) {
      await expect.poll(atMarkedPrompt, { timeout: 5_000 }).toBe(true);
      await expectFirstKeyBeforeEcho(page, command);
      await finishLine(new RegExp(`^${command.slice(5)}$`, 'm'));
    }
  });

  it('tells the files feature which folder the shell is in (OSC 7), after each cd', async () => {
    expect(await folder()).not.toBe('/tmp'); // the home folder, from the first prompt
    await page.keyboard.type('cd /tmp && echo moved', { delay: 20 });
    await finishLine(/^moved$/m);
    await expect.poll(folder, { timeout: 5_000 }).toBe('/tmp');
  });

  it('still draws nothing typed at read -s or passwd (sampled every frame)', async () => {
    for (const { command, prompt, done } of [
      { command: "read -s -p 'Password: ' s; echo; echo \"got ${#s}\"", prompt: /^Password: $/m, done: /^got 13$/m },
      { command: 'passwd', prompt: /^Current password: $/m, done: /^passwd: .*$/m },
    ]) {
      await page.keyboard.type(command, { delay: 15 });
      await page.keyboard.press('Enter');
      await waitForScreen(page, prompt);
      // The command line's own predictions are answered first: what is sampled is the prompt alone.
      await expect.poll(async () => (await page.evaluate(() => window.longhaul.predictiveEcho()))?.shown, { timeout: 5_000 }).toBe('');
      await startSampling();
      await page.keyboard.type('hunter2-Tokyo', { delay: 30 });
      await page.keyboard.press('Enter');
      await waitForScreen(page, done, 20_000);
      const samples = await stopSampling();
      expect(samples.length).toBeGreaterThan(10);
      for (const s of samples) {
        expect(s.seen).toBe(s.row);
        expect(s.seen).not.toContain('hunter');
      }
      await expect.poll(cursorRow, { timeout: 10_000 }).toMatch(/\$ $/);
    }
  });
});
