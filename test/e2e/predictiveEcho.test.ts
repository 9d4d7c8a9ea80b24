// Predictive echo in real Chromium at 250 ms round trip: typed keys show before the echo, a secret never shows, vi is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, screenText, waitForScreen } from '../support/page.js';

const ONE_WAY_MS = 125; // 250 ms round trip, about Tokyo to Frankfurt
const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-predictive-echo-'));
let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  longhaul = await startLonghaul(de1Args(work, sshd, proxy.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Key down → the host's echo on screen, for each key the tests typed ahead (filled as they run). */
const echoTimesSeen: number[] = [];

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const prediction = async () => {
  const state = await page.evaluate(() => window.longhaul.predictiveEcho());
  if (!state) throw new Error('the tab has no session');
  return state;
};

/** Types a command line at a brisk human pace (a person's keys come tens of milliseconds apart), then Enter. */
async function typeCommand(page: Page, command: string): Promise<void> {
  await page.keyboard.type(command, { delay: 15 });
  await page.keyboard.press('Enter');
}

/** The row the cursor is on, as the host drew it (predictions left out). */
const cursorRow = () =>
  page.evaluate(() => {
    const screen = window.longhaul.screen(undefined, { predictions: false });
    return screen.lines[screen.cursor.y] ?? '';
  });

interface Sample {
  /** Predicted text drawn over the screen. */
  shown: string;
  /** Everything the layer drew, predicted cells and the cell it redraws to move the cursor. */
  drawn: string;
  /** The host's cursor row, as the terminal holds it. */
  row: string;
  /** The same row as a person sees it, predictions drawn in (`window.longhaul.screen()`). */
  seen: string;
  /** The cursor's column as a person sees it (the predicted cursor when one is drawn). */
  seenCursorX: number;
  /** Animation frames since sampling started. */
  frame: number;
  /** The frame's time (performance.now()). */
  at: number;
}

interface KeyPress {
  key: string;
  /** The animation frame during which the key went down. */
  frame: number;
  /** When it went down (performance.now()). */
  at: number;
}

/** Records, on every animation frame until `stopSampling`, what the prediction layer draws and the real cursor row. */
async function startSampling(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { samples: Sample[]; keys: KeyPress[]; sampling: boolean; frame: number; listening?: boolean };
    w.samples = [];
    w.keys = [];
    w.sampling = true;
    w.frame = 0;
    if (!w.listening) {
      w.listening = true; // one listener for every sampling run
      window.addEventListener('keydown', (event) => w.sampling && w.keys.push({ key: event.key, frame: w.frame, at: event.timeStamp }), { capture: true });
    }
    const tick = (now: number) => {
      if (!w.sampling) return;
      const layer = document.querySelector<HTMLElement>('.panel:not([hidden]) .prediction-layer');
      const host = window.longhaul.screen(undefined, { predictions: false });
      const seen = window.longhaul.screen();
      w.samples.push({
        shown: window.longhaul.predictiveEcho()?.shown ?? '',
        drawn: layer && !layer.hidden ? (layer.textContent ?? '') : '',
        row: host.lines[host.cursor.y] ?? '',
        seen: seen.lines[host.cursor.y] ?? '',
        seenCursorX: seen.cursor.x,
        frame: w.frame,
        at: now,
      });
      w.frame++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopSampling(): Promise<Sample[]> {
  return (await stopSamplingWithKeys()).samples;
}

async function stopSamplingWithKeys(): Promise<{ samples: Sample[]; keys: KeyPress[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { samples: Sample[]; keys: KeyPress[]; sampling: boolean };
    w.sampling = false;
    return { samples: w.samples, keys: w.keys };
  });
}

/**
 * Each key of `typed` (typed after an echoed "e" that left the cursor at column `afterE`) is in
 * window.longhaul.screen() within two animation frames of going down, and before the host echoed it.
 */
function expectShownBeforeEcho(typed: string, afterE: number, samples: Sample[], keys: KeyPress[]): void {
  const pressed = keys.slice(-typed.length);
  expect(pressed.map((k) => k.key).join('')).toBe(typed);
  pressed.forEach((press, i) => {
    // The truth for the latency overlay's figure: key down → the first frame showing the host's echo of it.
    const echoed = samples.find((s) => s.frame >= press.frame && s.row.trimEnd().length >= afterE + i + 1);
    if (echoed && press.key !== ' ') echoTimesSeen.push(echoed.at - press.at);
    // Two keys can land between frames: look for the first frame showing this key, with or without the next.
    const line = `$ e${typed.slice(0, i + 1)}`.trimEnd(); // rows are right-trimmed: a typed space shows as the cursor's move
    const visible = samples.find((s) => s.frame >= press.frame && s.seen.includes(line) && s.seenCursorX >= afterE + i + 1);
    expect(visible, `"${press.key}" shown`).toBeDefined();
    expect(visible!.frame - press.frame, `frames until "${press.key}" showed`).toBeLessThanOrEqual(2);
    if (press.key !== ' ') expect(visible!.row.length, `"${press.key}" was shown before the host echoed it`).toBeLessThan(afterE + i + 1);
  });
}

/**
 * Once the host has echoed everything, nothing is drawn over the terminal: the screen a person sees equals the
 * screen with prediction off.
 */
async function expectQuietScreen(): Promise<void> {
  await expect.poll(async () => (await prediction()).cells, { timeout: 5_000 }).toBe(0);
  // The layer follows the predictor before the next paint (it is redrawn once a frame while output arrives), so it is
  // read in the next frame: a callback asked for now runs after the layer's own, before anything is painted.
  const layerHidden = () =>
    new Promise<boolean | undefined>((resolve) =>
      requestAnimationFrame(() => resolve(document.querySelector<HTMLElement>('.panel:not([hidden]) .prediction-layer')?.hidden)),
    );
  expect(await page.evaluate(layerHidden)).toBe(true);
  const [seen, host] = await page.evaluate(() => [window.longhaul.screen(), window.longhaul.screen(undefined, { predictions: false })]);
  expect(seen).toEqual(host);
}

describe('predictive echo at 250 ms round trip', () => {
  it('starts in Auto, learns the echo time from typing, and then shows typed keys before the host echoes them', async () => {
    const setting = page.getByRole('combobox', { name: 'Predictive echo' });
    expect(await setting.inputValue()).toBe('auto');

    // A first line teaches the predictor how slow the echo is.
    await page.keyboard.type('echo warm up', { delay: 60 });
    await expect.poll(cursorRow, { timeout: 5_000 }).toContain('echo warm up');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^warm up$/m);
    await expect.poll(async () => (await prediction()).status).toBe('showing');
    await expect(page.locator('.prediction-status').textContent()).resolves.toBe('showing typed keys at once');

    // A new line's first key waits for its echo (it might be a password prompt); the rest show at once.
    await startSampling();
    await page.keyboard.type('e');
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ e$/);
    const afterE = (await cursorRow()).length; // the cursor's column once "e" is echoed
    const typed = 'cho predicted';
    await page.keyboard.type(typed, { delay: 40 });
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ echo predicted$/);
    await expectQuietScreen();
    const { samples, keys } = await stopSamplingWithKeys();
    expectShownBeforeEcho(typed, afterE, samples, keys);
    // What was drawn ahead is exactly what the host echoed later: never anything else.
    for (const s of samples) expect('echo predicted').toContain(s.shown.trim());

    await page.keyboard.press('Enter');
    await waitForScreen(page, /^predicted$/m);
    expect((await screenText(page)).match(/^predicted$/gm)).toHaveLength(1);
  });

  it('reports keystroke → echo to the latency overlay, within 10% + 5 ms of the time the page measures itself', async () => {
    const { echo } = await prediction();
    expect(echo.sampleCount).toBeGreaterThan(10);
    // The truth: from each key going down to the frame that first showed its echo, timed in the page by the
    // test. At least the injected round trip; more when this machine is busy, which the figure must show too.
    expect(echoTimesSeen.length).toBeGreaterThan(5);
    const truth = median(echoTimesSeen);
    expect(truth).toBeGreaterThanOrEqual(2 * ONE_WAY_MS);
    expect(Math.abs(median(echo.recentMs) - truth)).toBeLessThanOrEqual(0.1 * truth + 5);
    expect(await page.evaluate(() => window.longhaul.latency().echoMs)).not.toBeNull();
    await expect(page.getByRole('status', { name: 'Latency' }).textContent()).resolves.toMatch(/keystroke → echo\s*\d+ ms/);
  });

  it('never shows a character typed at a password prompt', async () => {
    await typeCommand(page, `read -s -p 'Password: ' secret; echo; echo "got \${#secret} characters"`);
    await waitForScreen(page, /Password: $/m);
    await expectQuietScreen(); // the command line's own predictions are answered
    await startSampling();
    const secret = 'hunter2-Frankfurt';
    await page.keyboard.type(secret, { delay: 30 });
    await page.waitForTimeout(4 * ONE_WAY_MS); // long enough for any echo to have come back
    await page.keyboard.press('Enter');
    await waitForScreen(page, new RegExp(`got ${secret.length} characters`));
    const samples = await stopSampling();
    expect(samples.length).toBeGreaterThan(10);
    for (const s of samples) {
      expect(s.shown).toBe('');
      for (const char of new Set(secret)) expect(s.drawn).not.toContain(char);
      expect(s.seen).toBe(s.row); // what a person sees on the prompt's row is the host's row: the prompt only
    }
    expect(await screenText(page)).not.toContain('hunter2');
    // Typing goes on being predicted on the next line.
    await startSampling();
    await page.keyboard.type('e');
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ e$/);
    const afterE = (await cursorRow()).length;
    await page.keyboard.type('cho again', { delay: 40 });
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ echo again$/);
    const after = await stopSamplingWithKeys();
    expectShownBeforeEcho('cho again', afterE, after.samples, after.keys);
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^again$/m);
  });

  it('leaves a full-screen program alone', async () => {
    await typeCommand(page, 'vi');
    await expect.poll(() => page.evaluate(() => window.longhaul.screen().altScreen), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await prediction()).status).toBe('altScreen');
    await startSampling();
    await page.keyboard.type('ihello vi', { delay: 20 });
    await waitForScreen(page, /hello vi/);
    await page.keyboard.press('Escape');
    await page.keyboard.type(':q!');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.longhaul.screen().altScreen), { timeout: 10_000 }).toBe(false);
    const samples = await stopSampling();
    for (const s of samples) expect(s.drawn).toBe('');
  });

  it('draws nothing when set to Never, and measures on', async () => {
    await page.getByRole('combobox', { name: 'Predictive echo' }).selectOption('never');
    await expect.poll(async () => (await prediction()).status).toBe('off');
    const before = (await prediction()).echo.sampleCount;
    await page.getByRole('combobox', { name: 'Predictive echo' }).press('Escape');
    await page.locator('.panel:not([hidden]) .xterm').click();
    await startSampling();
    await page.keyboard.type('echo unseen', { delay: 30 });
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/echo unseen$/);
    const samples = await stopSampling();
    for (const s of samples) expect(s.drawn).toBe('');
    expect((await prediction()).echo.sampleCount).toBeGreaterThan(before);
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^unseen$/m);
    await page.getByRole('combobox', { name: 'Predictive echo' }).selectOption('auto');
    await expect.poll(async () => (await prediction()).status).toBe('showing');
    await page.locator('.panel:not([hidden]) .xterm').click();
  });

  it('rolls back predictions the host does not echo, and after repeated mispredictions pauses itself and says so', async () => {
    // `caps` echoes the first key as typed and every later one in capitals: "abc." shows as "aBC.".
    await typeCommand(
      page,
      "caps() { stty -echo -icanon; n=0; while IFS= read -r -n1 c; do n=$((n+1)); if [ $n = 1 ]; then printf %s \"$c\"; " +
        "else printf %s \"$c\" | tr a-z A-Z; fi; [ \"$c\" = . ] && break; done; stty sane; echo; }",
    );
    await typeCommand(page, 'clear');
    await expect.poll(async () => (await screenText(page)).trim()).toMatch(/^\S*\$$/);
    const before = (await prediction()).echo.mispredictions;
    await startSampling();
    // Rounds within a few seconds: each shows "bc" predicted, then the host's "BC" replaces it; by the third
    // misprediction the user saw, prediction pauses (a round whose "bc" was still hidden when "BC" came is
    // not one, so allow a few more rounds than three).
    for (let round = 1; round <= 6 && (await prediction()).status !== 'suspended'; round++) {
      await typeCommand(page, 'caps');
      await page.waitForTimeout(4 * ONE_WAY_MS); // the loop is reading
      await page.keyboard.type('abc.', { delay: 30 });
      await expect.poll(async () => (await screenText(page)).match(/^aBC\.$/gm)?.length ?? 0, { timeout: 5_000 }).toBe(round);
      await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ $/); // the prompt is back
    }
    await expectQuietScreen();
    const samples = await stopSampling();
    // "bc" was drawn as typed once "a" was confirmed, and taken back when the host showed "BC".
    expect(samples.some((s) => s.shown.includes('bc'))).toBe(true);
    expect(await screenText(page)).not.toMatch(/abc/);
    expect((await prediction()).echo.mispredictions).toBeGreaterThan(before);
    // Mispredictions the user saw, in a short time: prediction stops for a while, and the tab says why.
    expect((await prediction()).status).toBe('suspended');
    await expect(page.locator('.panel:not([hidden]) .prediction-status').textContent()).resolves.toMatch(/^paused for \d+ s/);
    await expect.poll(() => page.getByText(/Predictive echo paused for \d+ s/).isVisible()).toBe(true);
  });
});
