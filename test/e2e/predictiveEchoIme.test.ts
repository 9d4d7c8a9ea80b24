// Predictive echo in real Chromium at 250 ms: Japanese inserted as an input method does, composition kept local, first keys at prompts marked with OSC 133, passwords never drawn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, waitForScreen } from '../support/page.js';
import { cursorRow as cursorRowOf, cursorRowSampler, expectFirstKeyBeforeEcho, type CursorRowSample } from '../support/cursorRowSampler.js';

const ONE_WAY_MS = 125;
/** How long a person takes to see a new prompt before typing at it (far less than anyone does). */
const READ_PROMPT_MS = 150;
const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-predictive-ime-'));
let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;
let cdp: CDPSession;

/** bash marking its prompts with OSC 133 (prompt start and end, command start and end), as integration scripts do. */
const MARK_PROMPTS = String.raw`PS1='\[\e]133;A\a\]'"$PS1"'\[\e]133;B\a\]'; PS0='\e]133;C\a'; PROMPT_COMMAND='printf "\e]133;D;%s\a" "$?"'`;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  longhaul = await startLonghaul(de1Args(work, sshd, proxy.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  cdp = await page.context().newCDPSession(page);
  sampler = cursorRowSampler(page);
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

const cursorRow = () => cursorRowOf(page);
type Sample = CursorRowSample;
let sampler: ReturnType<typeof cursorRowSampler>;
const startSampling = () => sampler.start();
const currentFrame = () => sampler.frame();
const stopSampling = () => sampler.stop();

/** `text` shows on the cursor row within two frames of `frame`, before the host drew it. */
function expectShownWithinTwoFrames(samples: readonly Sample[], frame: number, text: string): void {
  const visible = samples.find((s) => s.frame >= frame && s.seen.trimEnd().endsWith(text));
  const around = samples.filter((s) => s.frame >= frame - 1 && s.frame <= frame + 4).map((s) => `${s.frame}: ${s.seen} / ${s.row}`);
  expect(visible, `${JSON.stringify(text)} shown after frame ${frame}:\n${around.join('\n')}`).toBeDefined();
  expect(visible!.frame - frame, `frames until ${JSON.stringify(text)} showed`).toBeLessThanOrEqual(2);
  expect(visible!.row.trimEnd().endsWith(text), `${JSON.stringify(text)} shown before the host echoed it`).toBe(false);
}

/** The samples so far, once one of them shows `text` at the end of the cursor row as a person sees it. */
async function sampledUntilSeen(text: string): Promise<Sample[]> {
  const read = () => page.evaluate(() => (window as unknown as { samples: Sample[] }).samples);
  await expect.poll(async () => (await read()).some((s) => s.seen.trimEnd().endsWith(text)), { timeout: 5_000 }).toBe(true);
  return read();
}

async function finishLine(expected: RegExp): Promise<void> {
  await page.keyboard.press('Enter');
  await waitForScreen(page, expected);
  await expect.poll(cursorRow, { timeout: 10_000 }).toMatch(/\$ $/);
}

describe('predictive echo for Japanese and at marked prompts, 250 ms round trip', () => {
  it('shows Japanese characters inserted one at a time, and a word committed at once, within two frames', async () => {
    // The shell in a UTF-8 locale, and a first line that teaches the predictor the echo time.
    await page.locator('.panel:not([hidden]) .xterm').click();
    await page.keyboard.type('exec env LANG=C.UTF-8 bash', { delay: 60 }); // readline reads the locale when it starts
    await page.keyboard.press('Enter');
    await expect.poll(cursorRow, { timeout: 10_000 }).toMatch(/\$ $/);
    await expect.poll(async () => (await page.evaluate(() => window.longhaul.predictiveEcho()))?.status, { timeout: 10_000 }).toBe('showing');
    await page.keyboard.type('e');
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ e$/); // the line's first echo
    await page.keyboard.type('cho ', { delay: 40 });
    await startSampling();
    let typed = 'echo ';
    for (const ch of '日本語の') {
      const frame = await currentFrame();
      await page.keyboard.insertText(ch); // what an input method in direct mode sends
      typed += ch;
      expectShownWithinTwoFrames(await sampledUntilSeen(typed), frame, typed);
    }
    const frame = await currentFrame();
    await page.keyboard.insertText('テキスト'); // a word committed after conversion: one edit
    typed += 'テキスト';
    await expect.poll(cursorRow, { timeout: 5_000 }).toContain(typed);
    expectShownWithinTwoFrames(await stopSampling(), frame, typed);
    await finishLine(/^日本語のテキスト$/m);
  });

  it('keeps the composition (preedit) in the page until it is committed, then shows the commit at once', async () => {
    await page.keyboard.type('e');
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ e$/);
    await page.keyboard.type('cho ', { delay: 40 });
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/\$ echo $/);
    await startSampling();
    await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
    await page.waitForTimeout(4 * ONE_WAY_MS); // long enough for anything sent to have come back
    const composing = await stopSampling();
    for (const s of composing) {
      expect(s.row).not.toContain('に'); // the host never saw it
      expect(s.shown).not.toMatch(/[にほんご]/); // nor did the predictor draw it: xterm.js shows the preedit itself
    }
    await startSampling();
    const frame = await currentFrame();
    await cdp.send('Input.insertText', { text: '日本語' });
    await expect.poll(cursorRow, { timeout: 5_000 }).toMatch(/echo 日本語$/);
    expectShownWithinTwoFrames(await stopSampling(), frame, 'echo 日本語');
    expect(await cursorRow()).not.toContain('に');
    await finishLine(/^日本語$/m);
  });

  it('at a prompt bash marks with OSC 133, shows the first key of each line before its echo', async () => {
    await page.keyboard.insertText(`${MARK_PROMPTS}; echo marked`);
    await finishLine(/^marked$/m);
    // The first marked prompt is never trusted (a line may have been typed ahead of it): a line to pass it.
    await page.keyboard.type('echo warm', { delay: 40 });
    await finishLine(/^warm$/m);
    await expect.poll(async () => (await page.evaluate(() => window.longhaul.predictiveEcho()))?.markedPrompt).toBe(true);
    for (const command of ['echo one', 'echo two']) {
      // A person reads the prompt before typing; keys typed ahead of it wait for their echo, by design.
      await page.waitForTimeout(READ_PROMPT_MS);
      await expectFirstKeyBeforeEcho(page, command);
      await finishLine(new RegExp(`^${command.slice(5)}$`, 'm'));
    }
  });

  it('at marked prompts still draws nothing typed at read -s or passwd (sampled every frame)', async () => {
    for (const { command, prompt, done } of [
      { command: "read -s -p 'Password: ' s; echo; echo \"got ${#s}\"", prompt: /^Password: $/m, done: /^got \d+$/m },
      { command: 'passwd', prompt: /^Current password: $/m, done: /^passwd: .*$/m },
    ]) {
      await page.keyboard.type(command, { delay: 15 });
      await page.keyboard.press('Enter');
      await waitForScreen(page, prompt);
      // The command line's own predictions are answered first: what is sampled is the prompt alone.
      await expect.poll(async () => (await page.evaluate(() => window.longhaul.predictiveEcho()))?.shown, { timeout: 5_000 }).toBe('');
      await startSampling();
      const secret = 'hunter2-Tokyo';
      await page.keyboard.type(secret, { delay: 30 });
      await page.waitForTimeout(4 * ONE_WAY_MS);
      await page.keyboard.press('Enter');
      await waitForScreen(page, done, 20_000);
      const samples = await stopSampling();
      expect(samples.length).toBeGreaterThan(10);
      for (const s of samples) {
        expect(s.shown).toBe('');
        expect(s.seen).toBe(s.row);
        expect(s.seen).not.toContain('hunter');
      }
      await expect.poll(cursorRow, { timeout: 10_000 }).toMatch(/\$ $/);
    }
  });
});
