// The Renderer setting in real Chromium: Auto picks the DOM renderer over software WebGL, a forced choice holds and is remembered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, tabsOf, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-renderer-'));
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium(); // with --disable-gpu, as a machine without a usable GPU
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

const renderer = (tabId?: string) => page.evaluate((id) => window.longhaul.renderer(id), tabId);
const rendererSelect = () => page.getByRole('combobox', { name: 'Renderer' });

/** What WebGL the browser offers the page: null when no context can be made at all. */
const webglRenderer = () =>
  page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  });

describe('the Renderer setting', () => {
  it('Auto draws with the DOM renderer in Chromium without a GPU', async () => {
    expect(await rendererSelect().inputValue()).toBe('auto');
    expect(await renderer()).toBe('dom');
  });

  it('WebGL, when chosen, draws with WebGL where a context can be made, and is remembered after a reload', async (context) => {
    const webgl = await webglRenderer();
    await rendererSelect().selectOption('webgl');
    expect(await page.evaluate(() => localStorage.getItem('longhaul.renderer'))).toBe('webgl');
    await page.reload(); // the tab comes back by itself, on the same shell
    await expect.poll(async () => (await tabsOf(page))[0]?.state, { timeout: 20_000 }).toBe('ready');
    expect(await rendererSelect().inputValue()).toBe('webgl');
    // Without any WebGL context in this browser the page can only draw with the DOM renderer; that is checked too.
    if (webgl === null) {
      expect(await renderer()).toBe('dom');
      context.skip('this Chromium makes no WebGL context at all, so drawing with WebGL cannot be checked here');
    }
    expect(await renderer()).toBe('webgl');
  });

  it('a background tab gives its WebGL context back and takes it again when shown', async (context) => {
    if ((await renderer()) !== 'webgl') context.skip('no WebGL context in this Chromium');
    const first = (await tabsOf(page))[0]!.id;
    await page.getByRole('button', { name: 'New tab' }).click();
    await connect(page, 'de1');
    await waitForScreen(page, /\$ ?$/m, 20_000);
    expect(await renderer()).toBe('webgl');
    expect(await renderer(first)).toBe('dom');
    await page.getByRole('tab').first().click();
    await expect.poll(() => renderer(first)).toBe('webgl');
    await page.getByRole('tab').nth(1).getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(async () => (await tabsOf(page)).length).toBe(1);
  });

  it('DOM, when chosen, draws every tab with the DOM renderer at once', async () => {
    await rendererSelect().selectOption('dom');
    expect(await renderer()).toBe('dom');
    await rendererSelect().selectOption('auto');
    expect(await renderer()).toBe('dom');
  });
});
