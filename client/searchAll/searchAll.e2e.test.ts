// Search all sessions in real Chromium: a string printed in a live tab and in a tab that exited and was closed is found in both; the closed hit brings its scrollback back at the line.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { activeState, connect, screenText, tabsOf, typeCommand, waitForScreen } from '../../test/support/page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'search-all');
  page = opened.page;
});

afterAll(() => opened?.close());

/** Printed by arithmetic, so the typed command line never holds it: each session has exactly one line with it. */
const PRINT = 'echo "found-$((6000+123))-here"';
const FOUND = 'found-6123-here';

const dialog = () => page.getByRole('dialog', { name: 'Search all sessions' });
const results = () => dialog().getByRole('list', { name: 'Search results' }).getByRole('button');

describe('Search all sessions', () => {
  it('finds a string in a live tab and in a closed session, and reopens the closed one at its line', async () => {
    await typeCommand(page, PRINT);
    await waitForScreen(page, new RegExp(`^${FOUND}$`, 'm'));
    const liveTab = (await tabsOf(page)).find((tab) => tab.active)!.id;

    // A second tab prints it too, then its shell exits and the tab is closed: the session is in history.
    await page.keyboard.press('Alt+Shift+N');
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 20_000 }).toBe('ready');
    await waitForScreen(page, /\$ ?$/m, 20_000);
    // Then enough lines that the one with the string is far up the scrollback, out of sight.
    await typeCommand(page, `${PRINT}; seq 1 200`);
    await waitForScreen(page, /^200\n/m);
    expect(await screenText(page)).not.toContain(FOUND);
    await typeCommand(page, 'exit');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('closed');
    await page.evaluate(() => window.longhaul.runCommand('tab.close'));
    await expect.poll(async () => (await tabsOf(page)).length).toBe(1);

    await page.keyboard.press('Control+Shift+Alt+F');
    await dialog().getByRole('searchbox', { name: 'Search all sessions' }).pressSequentially(FOUND);
    await expect.poll(() => results().count(), { timeout: 10_000 }).toBe(2);
    const live = results().and(page.locator('[data-state="live"]'));
    const closed = results().and(page.locator('[data-state="closed"]'));
    expect(await live.innerText()).toMatch(/de1 — live, started (just now|\d+ min ago)/);
    expect(await closed.innerText()).toMatch(/de1 — closed just now/);
    expect(await closed.locator('mark').innerText()).toBe(FOUND);

    // Choosing the closed hit reopens it from history in a new tab, scrolled up to its line.
    await closed.click();
    await expect.poll(() => dialog().count()).toBe(0);
    await expect.poll(async () => (await tabsOf(page)).length, { timeout: 10_000 }).toBe(2);
    expect((await tabsOf(page)).find((tab) => tab.active)!.id).not.toBe(liveTab);
    await waitForScreen(page, new RegExp(`^${FOUND}$`, 'm'));
    await expect.poll(() => activeState(page), { timeout: 20_000 }).toBe('ready');
    // Still in sight once the new shell below the history has printed its prompt.
    await expect.poll(() => page.evaluate(() => window.longhaul.buffer().some((line) => /\$ ?$/.test(line))), { timeout: 10_000 }).toBe(true);
    expect(await screenText(page)).toMatch(new RegExp(`^${FOUND}$`, 'm'));
  });

  it('opens from the palette; shows a bad regular expression as a sentence, and Escape closes the search', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('search all');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog().isVisible()).toBe(true);
    await dialog().getByLabel('Regular expression').check();
    await dialog().getByRole('searchbox', { name: 'Search all sessions' }).fill('found-(');
    await expect.poll(() => dialog().getByRole('status').innerText(), { timeout: 10_000 }).toMatch(/^That is not a regular expression this search understands: /);
    expect(await results().count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });
});
