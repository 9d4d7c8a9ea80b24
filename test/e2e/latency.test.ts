// The latency tools in real Chromium, with de1 250 ms away behind the delay proxy: the overlay's figures, the
// connection waterfall, hiding and showing it, and a host that goes silent and comes back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, screenOf, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-latency-'));
const ONE_WAY_MS = 125;
const RTT_MS = 2 * ONE_WAY_MS;
/** The accuracy: within 10% + 5 ms of the truth. */
const TOLERANCE_MS = RTT_MS * 0.1 + 5;
/** Timer and scheduling slack when checking that a step took a round trip. */
const MARGIN_MS = 10;

let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  longhaul = await startLonghaul(de1Args(work, sshd, proxy.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(longhaul.url);
  await openDe1();
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Connect to de1 and wait for its prompt (waitForFunction rather than expect.poll: this also runs in beforeAll). */
async function openDe1(): Promise<void> {
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
}

const overlay = () => page.getByRole('status', { name: 'Latency' });
const latency = () => page.evaluate(() => window.longhaul.latency());
const banner = () => page.getByRole('status').filter({ hasText: /no reply for/ });

/** A figure's current value as the overlay shows it, in ms; null for "—" or anything else. */
async function shownMs(label: string): Promise<number | null> {
  const text = await overlay().innerText();
  const match = new RegExp(`${label}\\s+(\\d+(?:\\.\\d+)?) (ms|s)\\b`).exec(text);
  if (!match) return null;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** The silent-host count the banner shows now, in seconds, or null when there is no banner. */
async function bannerSeconds(): Promise<number | null> {
  if ((await banner().count()) === 0 || !(await banner().isVisible())) return null;
  const match = /de1: no reply for (\d+) s/.exec(await banner().innerText());
  return match ? Number(match[1]) : null;
}

describe('the latency overlay, de1 250 ms away', () => {
  it('shows the three figures in a corner, keystroke → echo as "—" until the predictor reports', async () => {
    await expect.poll(() => overlay().isVisible()).toBe(true);
    const text = await overlay().innerText();
    expect(text).toContain('browser ↔ longhaul');
    expect(text).toContain('longhaul ↔ host');
    expect(text).toMatch(/keystroke → echo\s+—/);
    expect((await latency()).echoMs).toBeNull();
  });

  it('shows longhaul ↔ host settling within 10% + 5 ms of 250', async () => {
    await expect
      .poll(async () => Math.abs(((await shownMs('longhaul ↔ host')) ?? Infinity) - RTT_MS), { timeout: 20_000, interval: 250 })
      .toBeLessThanOrEqual(TOLERANCE_MS);
    const { hostMs } = await latency();
    expect(hostMs).not.toBeNull();
    expect(Math.abs(hostMs! - RTT_MS)).toBeLessThanOrEqual(TOLERANCE_MS);
    // Slow, not good: a quarter of a second is felt on every keystroke.
    expect(await overlay().locator('[data-figure="host"]').getAttribute('data-grade')).toBe('slow');
  });

  it('shows browser ↔ longhaul near zero (both on this machine)', async () => {
    await expect.poll(() => shownMs('browser ↔ longhaul'), { timeout: 10_000 }).not.toBeNull();
    expect(await shownMs('browser ↔ longhaul')).toBeLessThan(50);
    expect((await latency()).browserMs).toBeLessThan(50);
  });

  it('keeps clear of the cursor row, moving down when the prompt is at the top', async () => {
    const cursorRowOverlaps = async () => {
      const box = (await overlay().boundingBox())!;
      const screenBox = (await page.locator('.xterm-screen').boundingBox())!;
      const screen = await screenOf(page);
      const rowHeight = screenBox.height / screen.lines.length;
      const rowTop = screenBox.y + screen.cursor.y * rowHeight;
      return box.y < rowTop + rowHeight && rowTop < box.y + box.height;
    };
    await typeCommand(page, 'seq 1 60');
    await waitForScreen(page, /^60\n.*\$ ?$/m);
    expect(await cursorRowOverlaps()).toBe(false);
    await typeCommand(page, 'clear');
    await expect.poll(async () => (await screenOf(page)).cursor.y).toBe(0);
    await expect.poll(cursorRowOverlaps).toBe(false);
  });

  it('expands on a click to median, p95 and max, and the connection waterfall with its round trips', async () => {
    await overlay().click();
    const details = page.getByRole('button', { name: 'Latency details' });
    await expect.poll(() => details.getAttribute('aria-expanded')).toBe('true');
    const table = overlay().getByRole('table');
    await expect.poll(() => table.innerText()).toMatch(/median\s+p95\s+max/i);
    // The median of the session's host round trips is the link's; p95 and max are there, and no smaller.
    const hostRow = await table.getByRole('row', { name: /longhaul ↔ host/ }).innerText();
    const [median, p95, max] = [...hostRow.matchAll(/(\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, n, unit]) => Number(n) * (unit === 's' ? 1000 : 1));
    expect(Math.abs(median! - RTT_MS)).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(p95).toBeGreaterThanOrEqual(median!);
    expect(max).toBeGreaterThanOrEqual(p95!);
    // Keys typed above were timed by predictive echo: never faster than the round trip.
    const echoRow = await table.getByRole('row', { name: /keystroke → echo/ }).innerText();
    const [echoMedian, echoP95, echoMax] = [...echoRow.matchAll(/(\d+(?:\.\d+)?) (ms|s)\b/g)].map(([, n, unit]) => Number(n) * (unit === 's' ? 1000 : 1));
    expect(echoMedian).toBeGreaterThanOrEqual(RTT_MS - TOLERANCE_MS);
    expect(echoP95).toBeGreaterThanOrEqual(echoMedian!);
    expect(echoMax).toBeGreaterThanOrEqual(echoP95!);

    const { timeline } = await latency();
    const names = timeline.map((s) => s.name);
    for (const step of ['lookup', 'tcp-connected', 'host-key-received', 'auth', 'authenticated', 'shell-open', 'first-byte']) expect(names).toContain(step);
    const at = (name: string) => timeline.find((s) => s.name === name)!.atMs;
    // TCP reaches the proxy on loopback at once (the proxy delays bytes, not the handshake of TCP itself), so
    // the first round trips are SSH's: the version and key exchange before the host key arrives…
    expect(at('tcp-connected')).toBeGreaterThanOrEqual(at('lookup'));
    expect(at('host-key-received') - at('tcp-connected')).toBeGreaterThanOrEqual(RTT_MS - MARGIN_MS);
    // …then logging in, then opening the shell.
    expect(at('authenticated') - at('host-key-received')).toBeGreaterThanOrEqual(RTT_MS - MARGIN_MS);
    expect(at('shell-open') - at('authenticated')).toBeGreaterThanOrEqual(RTT_MS - MARGIN_MS);
    expect(at('first-byte')).toBeGreaterThanOrEqual(at('shell-open'));

    const waterfall = overlay().getByRole('figure');
    const text = await waterfall.innerText();
    expect(text).toMatch(/Connecting to de1 took \d/);
    for (const label of ['name lookup', 'TCP connect', 'SSH handshake', 'auth: none', 'auth: key id_ed25519', 'opening the shell', 'first output']) expect(text).toContain(label);
    expect(await waterfall.getByRole('listitem').count()).toBe(timeline.length);
    const handshake = Number(/SSH handshake\s+(\d+) ms/.exec(text)?.[1]);
    expect(handshake).toBeGreaterThanOrEqual(RTT_MS - MARGIN_MS);

    await details.click();
    await expect.poll(() => details.getAttribute('aria-expanded')).toBe('false');
  });

  it('can be hidden, stays hidden after a reload, and comes back with Alt+Shift+L', async () => {
    await page.getByRole('button', { name: 'Hide latency' }).click();
    await expect.poll(() => overlay().isVisible()).toBe(false);
    const show = page.getByRole('button', { name: 'Show latency' });
    expect(await show.isVisible()).toBe(true);
    // The click left the keyboard with the shell.
    await typeCommand(page, 'echo still-typing-$((6*7))');
    await waitForScreen(page, /^still-typing-42$/m);

    await page.reload();
    // The reload brings the tab back, attached to the same shell.
    await page.waitForFunction(() => window.longhaul.tabs()[0]?.state === 'ready', null, { timeout: 30_000 });
    await waitForScreen(page, /^still-typing-42$/m);
    expect(await overlay().isVisible()).toBe(false);
    expect(await show.isVisible()).toBe(true);

    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(() => overlay().isVisible()).toBe(true);
    expect(await show.isVisible()).toBe(false);
    await page.keyboard.press('Alt+Shift+L');
    await expect.poll(() => overlay().isVisible()).toBe(false);
    await show.click();
    await expect.poll(() => overlay().isVisible()).toBe(true);
  });

  it('says how long a silent host has been silent, counting up, then delivers everything it sent meanwhile', async () => {
    await typeCommand(page, 'clear; for i in $(seq 1 5); do echo tick-$i; sleep 1; done; echo ticks-$((2+3))-done');
    await waitForScreen(page, /^tick-1$/m);
    proxy.pause();
    const pausedAt = Date.now();
    try {
      await expect.poll(bannerSeconds, { timeout: 15_000, interval: 200 }).not.toBeNull();
      const first = (await bannerSeconds())!;
      expect(first).toBeGreaterThanOrEqual(5);
      expect(await banner().innerText()).toMatch(/de1: no reply for \d+ s/);
      // It counts up each second between the bridge's reports.
      await expect.poll(async () => (await bannerSeconds()) ?? 0, { timeout: 5_000, interval: 200 }).toBeGreaterThan(first);
      expect((await latency()).silentForMs).toBeGreaterThanOrEqual(5_000);
      // A silent host is not a lost connection: the session is kept, and the notice for longhaul itself is not shown.
      expect(await activeState(page)).toBe('ready');
      expect(await page.getByText(/Connection to longhaul lost/).count()).toBe(0);
      expect(await overlay().innerText()).toMatch(/longhaul ↔ host\s+no reply/);
      const left = 8_000 - (Date.now() - pausedAt);
      if (left > 0) await page.waitForTimeout(left);
    } finally {
      proxy.resume();
    }
    await expect.poll(bannerSeconds, { timeout: 10_000 }).toBeNull();
    await waitForScreen(page, /^ticks-5-done$/m, 15_000);
    const lines = await page.evaluate(() => window.longhaul.buffer());
    for (let i = 1; i <= 5; i++) expect(lines.filter((line) => line === `tick-${i}`)).toHaveLength(1);
    expect((await latency()).silentForMs).toBeNull();
  });

  it('drops the silent-host banner when the connection to longhaul itself is lost, and says that instead', async () => {
    proxy.pause();
    try {
      await expect.poll(bannerSeconds, { timeout: 15_000, interval: 200 }).not.toBeNull();
      await longhaul.stop();
      await expect.poll(() => page.getByText(/Connection to longhaul lost/).isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await bannerSeconds()).toBeNull();
      expect((await latency()).silentForMs).toBeNull();
    } finally {
      proxy.resume();
    }
  });
});
