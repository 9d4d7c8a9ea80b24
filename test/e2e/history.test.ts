// Saved sessions and history in real Chromium: restart longhaul and reopen a closed session from History (its
// coloured scrollback above a divider, a new shell below), and create, open, rename and delete a saved session
// through its dialog, with the bridge's refusals shown in words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-history-'));
let args: string[];
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  // Shells that end with longhaul (no tmux on the host, or --durable off): a restart sends them to History.
  args = [...de1Args(work, sshd, sshd.port), '--durable', 'off'];
  longhaul = await startLonghaul(args, { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

const buffer = () => page.evaluate(() => window.longhaul.buffer());
const launcherSection = (name: string) => page.getByRole('region', { name });

describe('history survives a restart', () => {
  it('reopens a closed session from History: coloured scrollback, a divider, and a new shell below', async () => {
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /\$ ?$/m);
    await typeCommand(page, "printf '\\e[31mred-%s\\e[0m\\n' $((6*7))");
    await waitForScreen(page, /^red-42$/m);

    // SIGTERM ends every session into history; the same data directory comes back on a new port.
    await longhaul.stop('SIGTERM');
    longhaul = await startLonghaul(args, { HOME: work });
    await page.goto(longhaul.url);

    const history = launcherSection('History');
    await expect.poll(() => history.isVisible(), { timeout: 10_000 }).toBe(true);
    const newest = history.getByRole('button').first();
    expect(await newest.innerText()).toMatch(/de1.*closed at \d\d:\d\d/);
    await newest.click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');

    // A fresh prompt below the divider, the old output above it.
    await expect.poll(async () => {
      const lines = await buffer();
      const red = lines.findIndex((l) => /^red-42$/.test(l));
      const divider = lines.findIndex((l) => /^─+ closed at \d\d:\d\d · new shell ─+$/.test(l));
      const prompt = lines.findLastIndex((l) => /\$ ?$/.test(l));
      return red >= 0 && divider > red && prompt > divider;
    }, { timeout: 15_000 }).toBe(true);
    // The colour survived: xterm holds red (palette 1) for the scrollback's text.
    expect(await page.evaluate(() => window.longhaul.textStyle('red-42'))).toMatchObject({ foreground: { palette: 1 } });
    // And the divider is dim, like the reconnect divider.
    expect(await page.evaluate(() => window.longhaul.textStyle('closed at'))).toMatchObject({ dim: true });

    await typeCommand(page, 'echo new-$((1+1))');
    await waitForScreen(page, /^new-2$/m);
    const lines = await buffer();
    const divider = lines.findIndex((l) => /closed at .* new shell/.test(l));
    expect(lines.findIndex((l) => l === 'new-2')).toBeGreaterThan(divider);
  });
});

describe('saved sessions', () => {
  it('are created, opened, renamed and deleted in the page, with refusals in words', async () => {
    await page.getByRole('button', { name: 'New tab' }).click();
    const saved = launcherSection('Saved sessions');
    await saved.getByRole('button', { name: 'Save de1 as a session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save de1' });
    expect(await dialog.getByLabel('Target', { exact: true }).inputValue()).toBe('de1');
    await dialog.getByLabel('Name', { exact: true }).fill('ns1');
    await dialog.getByLabel('Tab label', { exact: true }).fill('Frankfurt');
    await dialog.getByRole('radio', { name: 'teal' }).check();
    await dialog.getByLabel('Command on connect', { exact: true }).fill('echo hello-$((2+3))');

    // The bridge refuses a label over 8 characters: its sentence is shown beside the form, on the field.
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toMatch(/^Tab label must be 1 to 8 characters/);
    expect(await dialog.getByLabel('Tab label', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Tab label', { exact: true }).fill('NS1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const entry = saved.getByRole('button', { name: 'ns1 (NS1, teal) — de1' });
    await expect.poll(() => entry.count()).toBe(1);
    // Saved now, so de1 is no longer offered as an unsaved alias.
    expect(await saved.getByRole('button', { name: 'Save de1 as a session' }).count()).toBe(0);

    await entry.click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    const tab = page.getByRole('tab', { name: /^NS1\b/ });
    expect(await tab.count()).toBe(1);
    expect(await tab.evaluate((e) => getComputedStyle(e).getPropertyValue('--session-color').trim())).toBe('#56b6c2');
    // The command on connect ran once the shell was ready.
    await waitForScreen(page, /^hello-5$/m);

    // Rename it.
    await page.getByRole('button', { name: 'New tab' }).click();
    await saved.getByRole('button', { name: 'Edit ns1' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit ns1' });
    expect(await edit.getByLabel('Tab label', { exact: true }).inputValue()).toBe('NS1');
    await edit.getByLabel('Name', { exact: true }).fill('ns-one');
    await edit.getByLabel('Simulated round trip (ms)', { exact: true }).fill('250');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => saved.getByRole('button', { name: /^ns-one \(NS1, teal\)/ }).count()).toBe(1);

    // Delete it, after saying yes.
    await saved.getByRole('button', { name: 'Edit ns-one' }).click();
    const del = page.getByRole('dialog', { name: 'Edit ns-one' });
    // The simulated round trip was kept by the bridge and comes back into the form.
    expect(await del.getByLabel('Simulated round trip (ms)', { exact: true }).inputValue()).toBe('250');
    await del.getByRole('button', { name: 'Delete' }).click();
    expect(await del.getByRole('alert').innerText()).toMatch(/Delete “ns-one”\?/);
    await del.getByRole('button', { name: 'Delete session' }).click();
    await expect.poll(() => saved.getByRole('button', { name: /^ns-one/ }).count()).toBe(0);
    await expect.poll(() => saved.getByRole('button', { name: 'Save de1 as a session' }).count()).toBe(1);
  });
});
