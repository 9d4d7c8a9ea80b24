// While longhaul itself is stopped, the page says only what it knows — longhaul cannot be reached — and the
// latency figures it measured before grey out instead of staying green.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-stopped-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  // Each step's own bound, well under the test's: a step that hangs then fails by name instead of as a timeout.
  page.setDefaultTimeout(10_000);
  await page.goto(longhaul.url);
});

/** longhaul exits on SIGTERM at once here (a shell on a pty closes without asking the host); a hang is a finding. */
async function stopLonghaul(): Promise<void> {
  let bound: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => (bound = setTimeout(() => resolve('late'), 10_000)));
  const outcome = await Promise.race([longhaul.stop().then(() => 'stopped' as const), late]);
  clearTimeout(bound);
  if (outcome === 'late') {
    await longhaul.stop('SIGKILL');
    throw new Error('longhaul did not exit within 10 s of SIGTERM (killed it)');
  }
}
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const overlay = () => page.getByRole('status', { name: 'Latency' });
/** The colour a figure's value is drawn in, and the colour of the dim labels beside it. */
const colours = (figure: string) =>
  overlay()
    .locator(`[data-figure="${figure}"]`)
    .evaluate((row) => ({
      value: getComputedStyle(row.querySelector('.latency-value')!).color,
      dim: getComputedStyle(row.querySelector('.latency-label')!).color,
    }));

describe('a tab while longhaul is stopped', () => {
  it('says longhaul cannot be reached and greys out the figures it measured before', async () => {
    await connect(page, 'de1');
    await waitForScreen(page, /\$ ?$/m, 30_000);
    // A graded figure first: longhaul ↔ host on loopback is good, in colour.
    await expect.poll(() => overlay().locator('[data-figure="host"]').getAttribute('data-grade'), { timeout: 15_000 }).toBe('good');
    const live = await colours('host');
    expect(live.value).not.toBe(live.dim);
    expect(await overlay().getAttribute('data-stale')).toBeNull();

    await stopLonghaul();

    const notice = page.getByRole('status').filter({ hasText: /longhaul cannot be reached — retrying in \d+ s/ });
    await expect.poll(() => notice.isVisible(), { timeout: 15_000, interval: 100 }).toBe(true);
    // Nothing claims the shell is still running: with longhaul stopped that is not known.
    expect(await page.getByText(/keeps running/).count()).toBe(0);
    // One notice that updates, not one more each attempt.
    expect(await page.locator('.toast').count()).toBe(1);
    // The old figures are still there to read, greyed as stale.
    expect(await overlay().getAttribute('data-stale')).not.toBeNull();
    expect((await page.evaluate(() => window.longhaul.latency())).stale).toBe(true);
    const stale = await colours('host');
    expect(stale.value).toBe(stale.dim);
  });
});
