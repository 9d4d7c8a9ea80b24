// Clear scrollback in real Chromium, reached three ways: the command palette, Alt+Shift+K in the terminal, and window.longhaul.runCommand.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDe1Page, type De1Page } from '../../test/support/de1Page.js';
import { typeCommand, waitForScreen } from '../../test/support/page.js';

const sshd = inject('sshd');
let opened: De1Page;
let page: Page;

beforeAll(async () => {
  opened = await openDe1Page(sshd, 'clear-scrollback');
  page = opened.page;
});

afterAll(() => opened?.close());

const palette = () => page.getByRole('dialog', { name: 'Commands' });
/** How many of the numbered lines `fillScrollback` printed the tab's scrollback and screen still hold. */
const numberedLines = () => page.evaluate(() => window.longhaul.buffer().filter((line) => /^numbered-\d+$/.test(line)).length);
const focusInTerminal = () =>
  page.evaluate(() => document.activeElement?.matches('.panel:not([hidden]) .xterm-helper-textarea') ?? false);

/** Print more lines than the screen holds, so some are in the scrollback, and wait for the prompt after them. */
async function fillScrollback(): Promise<void> {
  await typeCommand(page, 'seq 1 200 | sed s/^/numbered-/');
  await waitForScreen(page, /^numbered-200\n.*\$ ?$/m);
  expect(await numberedLines()).toBe(200);
}

describe('Clear scrollback', () => {
  it('is in the palette with its keys; Escape there leaves the scrollback alone', async () => {
    await fillScrollback();
    await page.keyboard.press('Control+Shift+P');
    await palette().getByRole('combobox', { name: 'Filter commands' }).pressSequentially('clear');
    expect(await palette().getByRole('option').first().innerText()).toMatch(/Clear scrollback\s+Alt\+Shift\+K/);
    await page.keyboard.press('Escape');
    await expect.poll(() => palette().count()).toBe(0);
    expect(await numberedLines()).toBe(200);
  });

  it('runs from the palette: the earlier output is gone and the terminal has the keys again', async () => {
    await page.keyboard.press('Control+Shift+P');
    await palette().getByRole('combobox', { name: 'Filter commands' }).pressSequentially('clear');
    await page.keyboard.press('Enter');
    await expect.poll(() => numberedLines()).toBe(0);
    expect(await focusInTerminal()).toBe(true);
    await typeCommand(page, 'echo still-$((6*7))');
    await waitForScreen(page, /^still-42$/m);
  });

  it('runs with Alt+Shift+K in the terminal', async () => {
    await fillScrollback();
    await page.keyboard.press('Alt+Shift+K');
    await expect.poll(() => numberedLines()).toBe(0);
  });

  it('runs from a script, and is listed for scripts with its keys', async () => {
    await fillScrollback();
    await page.evaluate(() => window.longhaul.runCommand('terminal.clearScrollback'));
    expect(await numberedLines()).toBe(0);
    const listed = await page.evaluate(() => window.longhaul.commands().find((command) => command.id === 'terminal.clearScrollback'));
    expect(listed).toEqual({ id: 'terminal.clearScrollback', label: 'Clear scrollback', keys: 'Alt+Shift+K' });
  });
});
