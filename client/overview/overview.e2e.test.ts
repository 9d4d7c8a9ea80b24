// The overview in real Chromium: three tabs to de1, one ended and closed; type into a thumbnail with the overview open, find the closed one below, and Escape back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { connect, tabsOf, typeCommand } from '../../test/support/page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'overview');
  page = opened.page;
});

afterAll(() => opened?.close());

const overview = () => page.getByRole('region', { name: 'Overview' });
const thumbnail = (tabId: string) => overview().locator(`.thumbnail[data-tab-id="${tabId}"]`);
const bufferOf = (tabId: string) => page.evaluate((id) => window.longhaul.buffer(id), tabId);
const stateOf = async (tabId: string) => (await tabsOf(page)).find((tab) => tab.id === tabId)?.state;

/** A new tab connected to de1, at its prompt. */
async function openTabToDe1(): Promise<string> {
  await page.keyboard.press('Alt+Shift+N');
  await connect(page, 'de1');
  const id = (await tabsOf(page)).find((tab) => tab.active)!.id;
  await expect.poll(() => page.evaluate((tabId) => window.longhaul.screen(tabId).lines.some((line) => /\$ ?$/.test(line)), id), { timeout: 15_000 }).toBe(true);
  return id;
}

describe('the overview', () => {
  it('shows every tab live, takes typing into a thumbnail, lists the closed one, and Escape goes back', async () => {
    const first = (await tabsOf(page))[0]!.id;
    const second = await openTabToDe1();
    const third = await openTabToDe1();
    await typeCommand(page, 'echo farewell-$((40+2)); exit');
    await expect.poll(() => stateOf(third), { timeout: 15_000 }).toBe('closed');
    await page.keyboard.press('Alt+Shift+W');
    await expect.poll(async () => (await tabsOf(page)).map((tab) => tab.id)).toEqual([first, second]);
    const active = (await tabsOf(page)).find((tab) => tab.active)!.id;

    const renderer = await page.evaluate(() => window.longhaul.renderer());
    const echoSamples = () => page.evaluate((id) => window.longhaul.predictiveEcho(id)?.echo.sampleCount ?? 0, first);
    const samplesBefore = await echoSamples();
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await expect.poll(() => overview().isVisible()).toBe(true);
    // Thumbnails are drawn from the buffers: the terminal under them keeps its renderer.
    expect(await page.evaluate(() => window.longhaul.renderer())).toBe(renderer);
    // The automation contract: one thumbnail per tab, named by the tab's id and starting with its title.
    const tabs = await tabsOf(page);
    for (const tab of tabs) {
      const name = await thumbnail(tab.id).getAttribute('aria-label');
      expect(name?.startsWith(tab.title), `${name} starts with ${tab.title}`).toBe(true);
      expect(name).toMatch(/de1, ready/);
    }
    expect(await overview().locator('.thumbnail').count()).toBe(2);
    expect(await overview().locator('.overview-search-slot').count()).toBe(1);

    // Typing into the first tab's thumbnail runs in that tab's shell, the overview still open, the echo in the thumbnail.
    await thumbnail(first).click();
    await expect.poll(() => thumbnail(first).getAttribute('aria-pressed')).toBe('true');
    await typeCommand(page, 'echo typed-in-$((6*7))');
    await expect.poll(async () => (await bufferOf(first)).includes('typed-in-42'), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => thumbnail(first).locator('.thumbnail-screen').innerText()).toMatch(/^typed-in-42$/m);
    expect(await overview().isVisible()).toBe(true);
    // The keys took the full view's path: predictive echo timed their echoes.
    expect(await echoSamples()).toBeGreaterThan(samplesBefore);
    expect((await bufferOf(second)).some((line) => line.includes('typed-in'))).toBe(false);

    // The ended and closed tab is in the closed row, dimmed, with its last line.
    const closedRow = overview().getByRole('region', { name: 'Closed sessions' });
    const closed = closedRow.getByRole('button', { name: /^de1 — de1, closed/ }).first();
    await expect.poll(() => closed.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await closed.innerText()).toContain('farewell-42');

    // Escape closes it and gives the keys back to the tab that was active.
    await page.keyboard.press('Escape');
    await expect.poll(() => overview().count()).toBe(0);
    expect((await tabsOf(page)).find((tab) => tab.active)?.id).toBe(active);
    expect(await page.evaluate(() => document.activeElement?.matches('.panel:not([hidden]) .xterm-helper-textarea') ?? false)).toBe(true);
  });

  it('opens with Alt+Shift+O; arrow keys pick the thumbnail, Alt+Enter and double-click open a tab full size', async () => {
    const [first, second] = (await tabsOf(page)).map((tab) => tab.id) as [string, string];
    const activeId = async () => (await tabsOf(page)).find((tab) => tab.active)?.id;
    await page.keyboard.press('Alt+Shift+O');
    await expect.poll(() => thumbnail(second).getAttribute('aria-pressed')).toBe('true'); // the active tab, to begin with
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => thumbnail(first).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => overview().count()).toBe(0);
    expect(await activeId()).toBe(first);

    await page.keyboard.press('Alt+Shift+O');
    await thumbnail(second).dblclick();
    await expect.poll(() => overview().count()).toBe(0);
    expect(await activeId()).toBe(second);
  });

  it('edits a line locally in a half-duplex tab\'s thumbnail and shows it there', async () => {
    const tab = (await tabsOf(page)).find((t) => t.active)!.id;
    await page.evaluate((id) => window.longhaul.runCommand('halfDuplex.toggle', id), tab);
    await expect.poll(() => page.evaluate((id) => window.longhaul.halfDuplex(id)?.on, tab)).toBe(true);
    await page.keyboard.press('Alt+Shift+O');
    await expect.poll(() => thumbnail(tab).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('echo local-$((2+3))');
    // Half-duplex holds the line in the page: it is drawn in the thumbnail, not yet run.
    await expect.poll(() => thumbnail(tab).locator('.thumbnail-local-line').innerText(), { timeout: 10_000 }).toBe('› echo local-$((2+3))');
    expect((await bufferOf(tab)).includes('local-5')).toBe(false);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bufferOf(tab)).includes('local-5'), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => overview().count()).toBe(0);
    await page.evaluate((id) => window.longhaul.runCommand('halfDuplex.toggle', id), tab);
  });

  it('searches every session from its header: thumbnails without a hit dim, and a live hit opens its tab full size', async () => {
    const [first, second] = (await tabsOf(page)).map((tab) => tab.id) as [string, string];
    await page.keyboard.press('Alt+Shift+O');
    await thumbnail(first).click();
    // Printed in the first tab only (the command line itself does not hold it).
    await typeCommand(page, 'echo overview-mark-$((5*5))');
    await expect.poll(async () => (await bufferOf(first)).includes('overview-mark-25'), { timeout: 10_000 }).toBe(true);

    const field = overview().getByRole('searchbox', { name: 'Search all sessions' });
    await field.pressSequentially('overview-mark-25');
    const hits = overview().getByRole('list', { name: 'Search results' }).getByRole('button');
    await expect.poll(() => hits.count(), { timeout: 10_000 }).toBe(1);
    expect(await hits.first().getAttribute('data-state')).toBe('live');
    await expect.poll(() => thumbnail(second).evaluate((e) => e.classList.contains('thumbnail-no-hit'))).toBe(true);
    expect(await thumbnail(first).evaluate((e) => e.classList.contains('thumbnail-no-hit'))).toBe(false);
    // What is typed into the field stays there: the thumbnail typed into before has no such line at its prompt.
    expect((await bufferOf(first)).some((line) => /\$ overview-mark-25/.test(line))).toBe(false);

    // Emptied, the search dims nothing.
    await field.fill('');
    await expect.poll(() => overview().locator('.thumbnail-no-hit').count()).toBe(0);
    await field.pressSequentially('overview-mark-25');
    await expect.poll(() => hits.count(), { timeout: 10_000 }).toBe(1);
    await hits.first().click();
    await expect.poll(() => overview().count()).toBe(0);
    expect((await tabsOf(page)).find((tab) => tab.active)?.id).toBe(first);
    expect(await page.evaluate(() => window.longhaul.screen().lines.some((line) => line === 'overview-mark-25'))).toBe(true);
  });

  it('brings a closed session back from its row, with its scrollback', async () => {
    await page.keyboard.press('Alt+Shift+O');
    const closed = overview().getByRole('region', { name: 'Closed sessions' }).getByRole('button', { name: /^de1 — de1, closed/ }).first();
    await closed.click();
    await expect.poll(() => overview().count()).toBe(0);
    await expect.poll(async () => (await page.evaluate(() => window.longhaul.buffer())).includes('farewell-42'), { timeout: 15_000 }).toBe(true);
    expect(await tabsOf(page)).toHaveLength(3);
  });

  it('stays responsive with twelve tabs, one flooding: each key typed into another thumbnail echoes there', async () => {
    while ((await tabsOf(page)).length < 12) await openTabToDe1();
    const ids = (await tabsOf(page)).map((tab) => tab.id);
    const flooding = ids[ids.length - 1]!;
    const typing = ids[0]!;
    await typeCommand(page, 'yes');
    await expect.poll(async () => (await bufferOf(flooding)).filter((line) => line === 'y').length, { timeout: 10_000 }).toBeGreaterThan(100);
    await page.keyboard.press('Alt+Shift+O');
    await thumbnail(typing).click();
    const screen = thumbnail(typing).locator('.thumbnail-screen');
    const zs = (text: string) => text.split('z').length - 1;
    await expect.poll(async () => (await screen.innerText()).includes('$')).toBe(true);
    const before = zs(await screen.innerText());
    for (const [index, key] of [...'zzzzzzzz'].entries()) {
      await page.keyboard.type(key);
      await expect.poll(async () => zs(await screen.innerText()), { timeout: 3_000, interval: 20 }).toBe(before + index + 1);
    }
    await page.keyboard.press('Control+U');
    await thumbnail(flooding).click();
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.evaluate((id) => window.longhaul.screen(id).lines.some((line) => /\$ ?$/.test(line)), flooding), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
  });
});
