// Broadcast input in real Chromium at 250 ms round trip: a group of three opened at once, one command typed into all of them, one tab left out, and a reload.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { de1ConfigText } from '../../test/support/page.js';

const ONE_WAY_MS = 125; // 250 ms round trip
const sshd = inject('sshd');
let proxy: DelayProxy;
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  // Three names for the far host: a group of three tabs (their logins shared, as for any tabs to one host).
  const moreConfig = ['de2', 'de3'].map((name) => de1ConfigText(proxy.port, sshd.user, sshd.userKeyPath).replace('Host de1', `Host ${name}`)).join('');
  opened = await openDe1Page(sshd, 'broadcast', { port: proxy.port, moreConfig });
  page = opened.page;
  const status = await page.evaluate(async (body) => {
    const response = await fetch('/api/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.status;
  }, { name: 'trio', members: ['de1', 'de2', 'de3'] });
  expect(status).toBe(201);
});

afterAll(async () => {
  await opened?.close();
  await proxy?.close();
});

/** The tabs Open group opened, in strip order. */
const groupTabs = () => page.evaluate(() => window.longhaul.sessions().filter((s) => s.group === 'trio'));
/** Whether a line of the tab's buffer is exactly `text` (output, not the command line that printed it). */
const printed = (tabId: string, text: string) => page.evaluate(([id, line]) => window.longhaul.buffer(id).some((l) => l.trim() === line), [tabId, text] as const);
const button = () => page.getByRole('button', { name: 'Broadcast input' });

describe('Broadcast input', () => {
  it('opens a group of three at once, tiled, each tab carrying the group’s name', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('open group');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Open group' }).getByRole('button', { name: 'trio (3 hosts)' }).click();
    await expect.poll(async () => (await groupTabs()).map((t) => [t.target, t.state]), { timeout: 30_000 }).toEqual([
      ['de1', 'ready'],
      ['de2', 'ready'],
      ['de3', 'ready'],
    ]);
    // Side by side in the overview, each thumbnail readable.
    expect(await page.getByRole('region', { name: /overview/i }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: /trio · de2/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Close overview' }).click();
  });

  it('sends a command typed into one tab to all three, with predictive echo on, and to no tab outside the group', async () => {
    await button().click();
    expect(await button().getAttribute('aria-pressed')).toBe('true');
    const tabs = await groupTabs();
    expect(tabs.map((t) => t.broadcast)).toEqual([true, true, true]);
    const [outside] = await page.evaluate(() => window.longhaul.sessions().filter((s) => s.group === undefined && s.target === 'de1'));
    expect(outside?.broadcast).toBe(false);
    await page.getByRole('tab', { name: /trio · de3/ }).click();
    await page.keyboard.type('echo bc-$((3*3))', { delay: 40 });
    await page.keyboard.press('Enter');
    for (const tab of tabs) await expect.poll(() => printed(tab.tabId, 'bc-9'), { timeout: 20_000 }).toBe(true);
    expect(await printed(outside!.tabId, 'bc-9')).toBe(false);
    // Predictive echo measured the 250 ms from those keys: it draws keys before their echo from now on.
    expect(await page.evaluate(() => window.longhaul.predictiveEcho()?.status)).toBe('showing');
  });

  it('leaves a tab out with one click: keys typed in the others no longer reach it', async () => {
    const tabs = await groupTabs();
    const left = tabs[2]!;
    await page.getByRole('button', { name: 'Leave this tab out' }).click();
    expect(await page.evaluate((id) => window.longhaul.feature('broadcast', id), left.tabId)).toMatchObject({ reaches: false, tabs: 2 });
    await page.getByRole('tab', { name: /trio · de1/ }).click();
    await page.keyboard.type('echo bd-$((2*4))', { delay: 40 });
    await page.keyboard.press('Enter');
    for (const tab of tabs.slice(0, 2)) await expect.poll(() => printed(tab.tabId, 'bd-8'), { timeout: 20_000 }).toBe(true);
    // The left-out tab's shell has answered a later command typed into it: bd-8 would be there by now.
    await page.getByRole('tab', { name: /trio · de3/ }).click();
    await page.keyboard.type('echo own-$((1+1))', { delay: 40 });
    await page.keyboard.press('Enter');
    await expect.poll(() => printed(left.tabId, 'own-2'), { timeout: 20_000 }).toBe(true);
    expect(await printed(left.tabId, 'bd-8')).toBe(false);
    expect(await printed(tabs[0]!.tabId, 'own-2')).toBe(false);
  });

  it('in half-duplex mode, each reached tab edits the line and sends it on Enter; a password typed at read -s is in no tab’s buffer', async () => {
    const tabs = (await groupTabs()).slice(0, 2); // the third is left out
    for (const tab of tabs) await page.evaluate((id) => window.longhaul.runCommand('halfDuplex.toggle', id), tab.tabId);
    await expect.poll(() => page.evaluate((ids) => ids.map((id) => window.longhaul.halfDuplex(id)?.on), tabs.map((t) => t.tabId))).toEqual([true, true]);
    await page.getByRole('tab', { name: /trio · de2/ }).click();
    await page.keyboard.type('echo hd-$((5+5))', { delay: 40 });
    await page.keyboard.press('Enter');
    for (const tab of tabs) await expect.poll(() => printed(tab.tabId, 'hd-10'), { timeout: 20_000 }).toBe(true);
    await page.keyboard.type("read -s -p 'Password: ' pw; echo; echo got-${#pw}", { delay: 20 });
    await page.keyboard.press('Enter');
    for (const tab of tabs) await expect.poll(() => page.evaluate((id) => window.longhaul.screen(id).lines.some((l) => l.startsWith('Password: ')), tab.tabId), { timeout: 20_000 }).toBe(true);
    await page.keyboard.type('hunter2', { delay: 40 });
    await page.keyboard.press('Enter');
    for (const tab of tabs) await expect.poll(() => printed(tab.tabId, 'got-7'), { timeout: 20_000 }).toBe(true);
    for (const tab of tabs) expect(await page.evaluate((id) => window.longhaul.buffer(id).join('\n'), tab.tabId)).not.toContain('hunter2');
    for (const tab of tabs) await page.evaluate((id) => window.longhaul.runCommand('halfDuplex.toggle', id), tab.tabId);
  });

  it('is still on after a reload, the same tab still left out; one click turns it off', async () => {
    page.once('dialog', (dialog) => void dialog.accept()); // "leave the page?" while shells run
    await page.reload();
    await expect.poll(async () => (await groupTabs()).map((t) => t.state), { timeout: 30_000 }).toEqual(['ready', 'ready', 'ready']);
    expect(await button().getAttribute('aria-pressed')).toBe('true');
    expect((await groupTabs()).map((t) => t.broadcast)).toEqual([true, true, false]);
    await button().click();
    expect(await button().getAttribute('aria-pressed')).toBe('false');
    expect((await groupTabs()).map((t) => t.broadcast)).toEqual([false, false, false]);
  });
});
