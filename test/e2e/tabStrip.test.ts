// Ten tabs that can be told apart: numbers for Alt+N and the host first, the active tab always in sight with
// arrows when tabs overflow, and a background tab whose host goes silent says so on its dot and tooltip. Also
// what a tab says beside them: a target refused at the field, a saved key file that is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, tabsOf } from '../support/page.js';
import { knownHostsLineFor } from '../support/sshd.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-tabs-'));
const HOSTS = Array.from({ length: 10 }, (_, i) => `de${i + 1}`);
/** The last host is reached through a proxy that can freeze, as a network path that stops answering. */
const FREEZABLE = HOSTS.at(-1)!;
let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const config = path.join(work, 'config');
  fs.writeFileSync(
    config,
    HOSTS.map((host) => {
      const port = host === FREEZABLE ? proxy.port : sshd.port;
      return `Host ${host}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`;
    }).join(''),
  );
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, [sshd.port, proxy.port].map((port) => `${knownHostsLineFor({ port, hostPublicKey: sshd.hostPublicKey })}\n`).join(''));
  longhaul = await startLonghaul(['--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const tabs = () => page.getByRole('tab');
/** What each tab shows: its number, its name (fully visible, not cut by an ellipsis), in strip order. */
const shownOnTabs = () =>
  page.locator('[role="tab"]').evaluateAll((elements) =>
    elements.map((tab) => {
      const name = tab.querySelector<HTMLElement>('.tab-name')!;
      const number = tab.querySelector<HTMLElement>('.tab-number')!;
      return { number: number.hidden ? '' : number.textContent, name: name.textContent, whole: name.offsetWidth > 0 && name.scrollWidth <= name.clientWidth };
    }),
  );

describe('the tab strip with ten tabs', () => {
  it('refuses an impossible target beside the field instead of opening a dead tab', async () => {
    for (const [typed, sentence] of [
      ['de1:99999', 'Port 99999 is out of range (1–65535).'],
      ['de1 ; rm -rf /', '"de1 ; rm -rf /" is not a valid host name.'],
    ] as const) {
      await connect(page, typed);
      await expect.poll(() => page.getByRole('alert').innerText()).toBe(sentence);
      expect((await tabsOf(page)).map((t) => t.state)).toEqual(['launcher']);
    }
  });

  it('shows each tab\'s number and host first at 1280 px, whatever title the shell set', async () => {
    for (const [i, host] of HOSTS.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'New tab' }).click();
      await connect(page, host);
      await expect.poll(() => tabsOf(page).then((all) => all[i]?.state), { timeout: 20_000 }).toBe('ready');
    }
    // Every shell titles its tab the same way, as a login shell's prompt does: the title alone tells nothing.
    // (The prompt is made plain first, so that no prompt of the test machine's own sets another title.)
    for (let i = 0; i < HOSTS.length; i++) {
      await tabs().nth(i).click();
      await page.keyboard.type(`PROMPT_COMMAND= PS1='$ '; printf '\\033]0;longhaul-test@host: ~\\007'`);
      await page.keyboard.press('Enter');
    }
    await expect.poll(async () => (await tabsOf(page)).every((t) => t.title === 'longhaul-test@host: ~'), { timeout: 15_000 }).toBe(true);
    expect(await shownOnTabs()).toEqual(
      HOSTS.map((host, i) => ({ number: i < 8 ? String(i + 1) : i === 9 ? '9' : '', name: host, whole: true })),
    );
    // The full title is still there, in the tooltip, with the shortcut.
    expect(await tabs().nth(2).getAttribute('title')).toBe('de3 — longhaul-test@host: ~\nAlt+3');
  });

  it('in a 480 px window, shows arrows for the tabs out of sight and brings the tab Alt+9 picks into view', async () => {
    await page.setViewportSize({ width: 480, height: 600 });
    await page.keyboard.press('Alt+1');
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Later tabs' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Earlier tabs' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Later tabs' }).isEnabled()).toBe(true);

    await page.keyboard.press('Alt+9');
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(9);
    const inView = async () => {
      const strip = (await page.getByRole('tablist').boundingBox())!;
      const tab = (await tabs().nth(9).boundingBox())!;
      return tab.x >= strip.x - 0.5 && tab.x + tab.width <= strip.x + strip.width + 0.5;
    };
    await expect.poll(inView).toBe(true);
    // At the end of the strip: nothing more that way, earlier tabs the other.
    await expect.poll(() => page.getByRole('button', { name: 'Later tabs' }).isEnabled()).toBe(false);
    expect(await page.getByRole('button', { name: 'Earlier tabs' }).isEnabled()).toBe(true);
    // The wheel over the strip scrolls it sideways, back towards the first tabs.
    const strip = (await page.getByRole('tablist').boundingBox())!;
    await page.mouse.move(strip.x + strip.width / 2, strip.y + strip.height / 2);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => page.getByRole('button', { name: 'Later tabs' }).isEnabled()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('marks a background tab whose host has gone silent: its dot and its tooltip', async () => {
    await page.keyboard.press('Alt+1');
    await expect.poll(async () => (await tabsOf(page)).findIndex((t) => t.active)).toBe(0);
    const frozen = tabs().nth(9);
    const dot = (index: number) => tabs().nth(index).locator('.tab-indicator').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await dot(9)).toBe(await dot(1));
    proxy.pause();
    try {
      await expect.poll(() => frozen.getAttribute('title'), { timeout: 20_000, interval: 250 }).toMatch(/\nde10: no reply for \d+ s\n/);
      expect(await dot(9)).not.toBe(await dot(1));
      expect(await frozen.getAttribute('data-silent')).not.toBeNull();
    } finally {
      proxy.resume();
    }
    await expect.poll(() => frozen.getAttribute('data-silent'), { timeout: 20_000 }).toBeNull();
    expect(await frozen.getAttribute('title')).not.toMatch(/no reply/);
  });

  it("says in its tab's status when a saved session's key file is missing and another tab's login is used", async () => {
    const keyFile = path.join(work, 'no-such-key');
    const token = new URL(longhaul.url).searchParams.get('token')!;
    const created = await fetch(`${longhaul.origin}/api/sessions/saved`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lost key', target: 'de1', auth: 'key-file', keyFile, label: 'LOST' }),
    });
    expect(created.status).toBe(201);
    await page.getByRole('button', { name: 'New tab' }).click();
    await page.getByRole('button', { name: /^lost key\b/ }).click();
    const count = (await tabsOf(page)).length;
    await expect.poll(() => tabsOf(page).then((all) => all[count - 1]?.state), { timeout: 20_000 }).toBe('ready');
    const note = `Key file ${keyFile} not found; using the existing login to de1.`;
    expect(await tabs().nth(count - 1).getAttribute('title')).toContain(note);
    expect(await page.getByRole('status').filter({ hasText: note }).isVisible()).toBe(true);
  });
});
