// The command palette in real Chromium: Ctrl+Shift+P in a terminal lists every command with its keys, filters as you type, Enter runs one, Escape runs none.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../support/de1Page.js';
import { tabsOf, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'palette');
  page = opened.page;
});

afterAll(() => opened?.close());

const palette = () => page.getByRole('dialog', { name: 'Commands' });
const filterField = () => palette().getByRole('combobox', { name: 'Filter commands' });
const options = () => palette().getByRole('option');
const halfDuplexOn = () => page.evaluate(() => window.longhaul.halfDuplex()?.on);
/** Whether the keyboard is in the visible tab's terminal (xterm.js takes keys through its hidden textarea). */
const focusInTerminal = () =>
  page.evaluate(() => document.activeElement?.matches('.panel:not([hidden]) .xterm-helper-textarea') ?? false);

describe('the command palette', () => {
  it('opens with Ctrl+Shift+P in a terminal and lists every command with its keys', async () => {
    expect(await focusInTerminal()).toBe(true);
    await page.keyboard.press('Control+Shift+P');
    await expect.poll(() => palette().isVisible()).toBe(true);
    expect(await filterField().evaluate((field) => field === document.activeElement)).toBe(true);
    const commands = await page.evaluate(() => window.longhaul.commands());
    expect(await options().count()).toBe(commands.length);
    const newTab = options().filter({ hasText: 'New tab' });
    expect(await newTab.innerText()).toMatch(/New tab\s+Alt\+Shift\+N/);
    expect(await options().first().getAttribute('aria-selected')).toBe('true');
  });

  it('filters as you type; Escape closes it without running anything and gives the terminal its keys back', async () => {
    await page.keyboard.type('HALF');
    await expect.poll(() => options().allInnerTexts()).toEqual([expect.stringMatching(/Half-duplex on or off\s+Alt\+Shift\+H/)]);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await halfDuplexOn()).toBe(false);
    expect(await focusInTerminal()).toBe(true);
    await typeCommand(page, 'echo after-$((6*7))');
    await waitForScreen(page, /^after-42$/m);
  });

  it('runs the highlighted command in the active tab on Enter, then the terminal has the keys', async () => {
    await page.keyboard.press('Control+Shift+P');
    await filterField().pressSequentially('half-duplex');
    await page.keyboard.press('Enter');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await halfDuplexOn()).toBe(true);
    expect(await focusInTerminal()).toBe(true);
    await page.evaluate(() => window.longhaul.runCommand('halfDuplex.toggle'));
    expect(await halfDuplexOn()).toBe(false);
  });

  it('lets each tab feature answer for itself in window.longhaul.feature(name), live', async () => {
    expect(await page.evaluate(() => window.longhaul.features())).toEqual(['halfDuplex', 'latency', 'predictiveEcho', 'files', 'broadcast']);
    await page.evaluate(() => window.longhaul.runCommand('halfDuplex.toggle'));
    const [reported, direct] = await page.evaluate(() => [window.longhaul.feature('halfDuplex'), window.longhaul.halfDuplex()]);
    expect(reported).toMatchObject({ on: true });
    expect(reported).toEqual(direct);
    await page.evaluate(() => window.longhaul.runCommand('halfDuplex.toggle'));
    expect(await page.evaluate(() => window.longhaul.feature('halfDuplex'))).toMatchObject({ on: false });
    expect(await page.evaluate(() => window.longhaul.feature('no such feature'))).toBeNull();
  });

  it('moves the highlight with the arrow keys, and runs an option that is clicked', async () => {
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.press('ArrowDown');
    expect(await options().nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp'); // from the first, round to the last
    expect(await options().last().getAttribute('aria-selected')).toBe('true');
    await options().filter({ hasText: 'New tab' }).click();
    await expect.poll(() => palette().count()).toBe(0);
    await expect.poll(async () => (await tabsOf(page)).length).toBe(2);
    await page.evaluate(() => window.longhaul.runCommand('tab.close'));
    await expect.poll(async () => (await tabsOf(page)).map((tab) => tab.state)).toEqual(['ready']);
  });

  it('says which command it does not know', async () => {
    const message = await page.evaluate(() => {
      try {
        window.longhaul.runCommand('no.suchCommand');
        return 'ran';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(message).toMatch(/no command "no\.suchCommand"/);
  });

  it('titles the New tab button with the table\'s words and keys', async () => {
    const newTab = (await page.evaluate(() => window.longhaul.commands())).find((command) => command.id === 'tab.new');
    expect(newTab).toEqual({ id: 'tab.new', label: 'New tab', keys: 'Alt+Shift+N' });
    expect(await page.getByRole('button', { name: 'New tab' }).getAttribute('title')).toBe(`${newTab!.label} (${newTab!.keys})`);
  });
});
