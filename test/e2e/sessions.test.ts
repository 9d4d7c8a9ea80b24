// Sessions that outlive their tabs, in real Chromium: close a tab running `more` and reopen it (same shell,
// same screen, still paging), survive cut connections without losing or doubling a line, come back after a
// reload, and open a second tab to de1 without a new SSH handshake.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, screenText, tabsOf, typeCommand, waitForScreen } from '../support/page.js';
import { readSshdLog } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-sessions-'));
let browser: Browser;
let longhaul: LonghaulProcess;
/** Between the page and longhaul, so a test can cut the page's connections like a network blip. */
let link: DelayProxy;
let page: Page;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  const bridge = new URL(longhaul.url);
  link = await startDelayProxy({ target: { host: bridge.hostname, port: Number(bridge.port) }, upMs: 0, downMs: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  bridge.port = String(link.port);
  await page.goto(bridge.toString());
});
afterAll(async () => {
  await browser?.close();
  await link?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function openDe1(): Promise<void> {
  await connect(page, 'de1');
  await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
  await waitForScreen(page, /\$ ?$/m);
}

async function shellPid(): Promise<string> {
  await typeCommand(page, 'echo pid=$$');
  const text = await waitForScreen(page, /^pid=\d+$/m);
  return /^pid=(\d+)$/m.exec(text)![1]!;
}

describe('sessions outlive their tabs', () => {
  it('reopens a closed tab on the same shell, with `more` still on screen and still paging', async () => {
    await openDe1();
    const pid = await shellPid();
    await typeCommand(page, 'clear; seq 1 400 > /tmp/longhaul-more-$$.txt; more /tmp/longhaul-more-$$.txt');
    await waitForScreen(page, /--More--/);
    const before = await screenText(page);

    await page.getByRole('tab').first().getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(() => activeState(page)).toBe('launcher');
    // The launcher lists it as recently closed, still running.
    await expect.poll(() => page.getByRole('region', { name: 'Recently closed' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Reopen closed tab' }).click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await expect.poll(() => screenText(page)).toBe(before);
    const lastShown = Math.max(...before.split('\n').filter((l) => /^\d+$/.test(l)).map(Number));
    await page.keyboard.press('Space');
    // The next page: `more` shows the line after the last one it showed.
    await waitForScreen(page, new RegExp(`^${lastShown + 1}$`, 'm'));
    await page.keyboard.press('q');
    // more drops the input waiting for it as it exits: a line typed before the prompt is back can lose its start.
    await waitForScreen(page, /\$ ?$/m);
    expect(await shellPid()).toBe(pid);
  });

  it('loses and doubles nothing when its connection to longhaul is cut again and again', async () => {
    await typeCommand(page, 'clear; for i in $(seq 1 9000); do echo $i; (( i % 300 == 0 )) && sleep 0.1; done; echo cut-$((3+3))-done');
    for (let cut = 0; cut < 6; cut++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      link.dropConnections();
    }
    await waitForScreen(page, /^cut-6-done$/m, 60_000);
    const lines = await page.evaluate(() => window.longhaul.buffer());
    const numbers = lines.map((line) => line.trim()).filter((line) => /^\d+$/.test(line)).map(Number);
    expect(numbers).toHaveLength(9000);
    expect(numbers.every((n, i) => n === i + 1)).toBe(true);
    expect((await tabsOf(page))[0]?.state).toBe('ready');
  });

  it('comes back after a reload, attached to the same shell', async () => {
    const pid = await shellPid();
    const sessions = () => page.evaluate(() => window.longhaul.sessions());
    const [before] = await sessions();
    expect(before).toMatchObject({ target: 'de1', state: 'ready', active: true });
    await page.reload();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    expect(await tabsOf(page)).toHaveLength(1);
    // The session keeps its name across the reload: the bridge's id for its shell.
    expect((await sessions()).map((s) => s.sessionId)).toEqual([before!.sessionId]);
    expect(before!.sessionId).toMatch(/\S/);
    // The screen is redrawn from the session's output, ending where it was.
    await waitForScreen(page, new RegExp(`^pid=${pid}$`, 'm'));
    expect(await shellPid()).toBe(pid);
  });

  it('opens a second tab to de1 on the same SSH connection: no new handshake', async () => {
    const connections = () => readSshdLog(sshd).match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;
    const before = connections();
    await page.getByRole('button', { name: 'New tab' }).click();
    await openDe1();
    expect(await tabsOf(page)).toHaveLength(2);
    await typeCommand(page, 'echo second-$((4*4))');
    await waitForScreen(page, /^second-16$/m);
    expect(connections()).toBe(before);
  });
});
