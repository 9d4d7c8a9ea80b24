// Clear scrollback in real Chromium, reached three ways: the command palette, Alt+Shift+K in the terminal, and window.longhaul.runCommand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../test/support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../../test/support/longhaulProcess.js';
import { connect, typeCommand, waitForScreen } from '../../test/support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-clear-scrollback-'));
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

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
