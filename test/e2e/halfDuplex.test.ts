// Half-duplex mode in real Chromium at 250 ms round trip: a line edited locally goes whole after its first character, a secret is never shown nor kept, vi and pagers get their keys.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isTerminalReport } from '../../client/halfDuplex/terminalReports.js';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { FRAME_HEADER_BYTES, FrameType } from '../../shared/frames.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, screenOf, screenText, typeCommand, waitForScreen } from '../support/page.js';

const ONE_WAY_MS = 125; // 250 ms round trip, about Tokyo to Frankfurt
const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-half-duplex-'));
let proxy: DelayProxy;
let longhaul: LonghaulProcess;
let browser: Browser;
let page: Page;

/**
 * Every input frame the page sent (binary, type Input) as text. JSON control messages (ack, resize, ping)
 * are left out, and so are the terminal's own replies to queries (vim asks for the cursor position, colours
 * and modes; focus reports), which go to the host whatever the mode: only what the user typed is counted.
 */
const inputFrames: string[] = [];

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  longhaul = await startLonghaul(de1Args(work, sshd, proxy.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') return;
      if (payload[0] !== FrameType.Input) return;
      const text = payload.subarray(FRAME_HEADER_BYTES).toString('utf8');
      if (!isTerminalReport(text)) inputFrames.push(text);
    }),
  );
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  // Connecting takes several round trips through the proxy.
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const halfDuplex = () => page.evaluate(() => window.longhaul.halfDuplex());
/** The text of the local line drawn over the terminal ('' when nothing is drawn). */
const overlayText = () =>
  page.evaluate(() => {
    const layer = document.querySelector<HTMLElement>('.panel:not([hidden]) .half-duplex-line');
    return layer && !layer.hidden ? (layer.textContent ?? '') : '';
  });

/** Frames sent since `mark`, once the browser has reported everything it sent so far. */
async function framesSince(mark: number): Promise<string[]> {
  // Frame events come from the browser asynchronously; a round trip to the page lets earlier ones arrive.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return inputFrames.slice(mark);
}

interface Sample {
  screen: string;
  overlay: string;
}

/** Records the real screen and the overlay's text on every animation frame until `stopSampling`. */
async function startSampling(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { samples: { screen: string; overlay: string }[]; sampling: boolean };
    w.samples = [];
    w.sampling = true;
    const tick = () => {
      if (!w.sampling) return;
      const layer = document.querySelector<HTMLElement>('.panel:not([hidden]) .half-duplex-line');
      w.samples.push({
        screen: window.longhaul.screen().lines.join('\n'),
        overlay: layer && !layer.hidden ? (layer.textContent ?? '') : '',
      });
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopSampling(): Promise<Sample[]> {
  return page.evaluate(() => {
    const w = window as unknown as { samples: Sample[]; sampling: boolean };
    w.sampling = false;
    return w.samples;
  });
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** Waits until the shell is back at its prompt and half-duplex edits lines again (after a line, the host has the keys). */
const atPrompt = () => expect.poll(async () => (await halfDuplex())?.waitingForPrompt, { timeout: 10_000 }).not.toBe(true);

const lineHistory = () =>
  page.evaluate(async () => ((await (await fetch('/api/line-history/de1')).json()) as { lines: string[] }).lines);

/** The store file and its write-ahead log, as bytes (what a person with the disk would see). */
function storeOnDisk(): Buffer {
  const file = path.join(work, 'data', 'longhaul.db');
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

/** Every 4-character piece of `secret`: none may show, not even part of it. */
const piecesOf = (secret: string) => Array.from({ length: secret.length - 3 }, (_, i) => secret.slice(i, i + 4));

describe('half-duplex mode at 250 ms round trip', () => {
  it('is switched on with the Half-duplex button, which names its shortcut, and the tab shows the mode', async () => {
    const toggle = page.getByRole('button', { name: 'Half-duplex' });
    const tab = page.getByRole('tab').first();
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.getAttribute('title')).toContain('Alt+Shift+H');
    expect(await tab.getAttribute('data-input-mode')).toBe('character');

    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await tab.getAttribute('data-input-mode')).toBe('half-duplex');
    expect(await halfDuplex()).toMatchObject({ on: true, passThrough: false, masked: false, line: '' });

    // The shortcut works from the terminal, which has the focus back after the click.
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await typeCommand(page, 'clear');
    await atPrompt();
    await expect.poll(async () => (await screenText(page)).trim()).toMatch(/^\S*\$$/);
  });

  it('sends the first character, edits the rest with no round trip, sends it in one message on Enter, and shows the output once', async () => {
    await atPrompt();
    const mark = inputFrames.length;
    await page.keyboard.type('e');
    // The first character goes at once; the line is drawn once the host has echoed it.
    expect(await framesSince(mark)).toEqual(['e']);
    await expect.poll(async () => (await halfDuplex())?.line, { timeout: 10_000 }).toBe('e');
    await page.keyboard.type('cho hell', { delay: 20 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('lo world', { delay: 20 });
    expect((await halfDuplex())?.line).toBe('echo hello world');
    expect(await overlayText()).toBe('cho hello world'); // after the host's own "e"
    // Home takes the first character back from the host, so the whole line is edited here.
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    expect(await overlayText()).toBe('echo hello world');
    // Only those two keys crossed the socket while typing, and the terminal itself holds none of the line.
    expect(await framesSince(mark)).toEqual(['e', '\x7f']);
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toMatch(/\$ ?$/m);
    expect(await screenText(page)).not.toContain('hello');

    await startSampling();
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^hello world$/m);
    await page.waitForTimeout(2 * ONE_WAY_MS);
    const samples = await stopSampling();

    expect(await framesSince(mark)).toEqual(['e', '\x7f', 'echo hello world\r']);
    const screen = await screenText(page);
    expect(screen.split('\n').filter((line) => line === 'hello world')).toHaveLength(1);
    expect(count(screen, 'echo hello world')).toBe(1);
    // At no frame was the line shown twice (by the terminal and drawn locally); until the echo came it stayed drawn, dimmed.
    expect(samples.length).toBeGreaterThan(5);
    for (const sample of samples) expect(count(sample.screen, 'echo hello world') + count(sample.overlay, 'echo hello world')).toBeLessThanOrEqual(1);
    expect(samples.filter((s) => s.overlay === 'echo hello world' && !s.screen.includes('hello')).length).toBeGreaterThan(3);
  });

  it('recalls entered lines with ↑, from the history longhaul keeps for the host', async () => {
    await atPrompt();
    // The entered line went to longhaul's store for de1 …
    const stored = await page.evaluate(async () => (await (await fetch('/api/line-history/de1')).json()) as { lines: string[] });
    expect(stored.lines.at(-1)).toBe('echo hello world');
    // … and ↑ brings it back into the local line, with no round trip.
    await page.keyboard.press('ArrowUp');
    expect((await halfDuplex())?.line).toBe('echo hello world');
    await page.keyboard.press('Control+U');
    expect((await halfDuplex())?.line).toBe('');
  });

  it('shows nothing of what is typed at a password prompt, and still sends it', async () => {
    await atPrompt();
    const secret = 'correct-horse-42';
    await typeCommand(page, `read -s -p 'Password: ' x; echo; echo "got \${#x} $(printf %s "$x" | sha256sum | cut -c1-12)"`);
    await waitForScreen(page, /^Password: $/m);
    await expect.poll(async () => (await halfDuplex())?.masked).toBe(true);

    const mark = inputFrames.length;
    await startSampling();
    await page.keyboard.type(secret, { delay: 25 });
    expect(await halfDuplex()).toMatchObject({ masked: true, line: '', length: secret.length });
    expect(await framesSince(mark)).toEqual([]);
    await page.keyboard.press('Enter');
    const hash = createHash('sha256').update(secret).digest('hex').slice(0, 12);
    await waitForScreen(page, new RegExp(`^got ${secret.length} ${hash}$`, 'm'));
    const samples = await stopSampling();

    expect(await framesSince(mark)).toEqual([`${secret}\r`]);
    expect(samples.length).toBeGreaterThan(secret.length);
    const pieces = Array.from({ length: secret.length - 3 }, (_, i) => secret.slice(i, i + 4));
    for (const sample of samples) {
      for (const piece of pieces) {
        expect(sample.screen).not.toContain(piece);
        expect(sample.overlay).not.toContain(piece);
      }
      expect(sample.overlay).not.toMatch(/[•*]/);
    }
    // Back at the shell's prompt, the line is drawn again.
    await expect.poll(async () => (await halfDuplex())?.masked).toBe(false);
  });

  // Prompts the word list does not know: only the host's echo (or its absence) can tell.
  it.each([
    ['read -s -p "API key: " K', 'API key: ', 'K', 'Qz8Xk2Vw7Lp4Rt'],
    ['read -s', '', 'REPLY', 'Jh5Nq9Wc3Zb6Ky'],
    ['read -s -p "Enter your AWS credentials:" K', 'Enter your AWS credentials:', 'K', 'Vt4Mx8Qp2Rz7Wd'],
    // Half-duplex switched on at the prompt itself: the line editor, not the host, has the keys then.
  ])('never shows nor keeps a secret typed at `%s`', async (command, prompt, variable, secret) => {
    for (const switchedOnAtPrompt of [false, true]) {
      await atPrompt();
      const toggle = page.getByRole('button', { name: 'Half-duplex' });
      if (switchedOnAtPrompt) await page.keyboard.press('Alt+Shift+H');
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe(switchedOnAtPrompt ? 'false' : 'true');
      const check = `echo; echo "got \${#${variable}} $(printf %s "$${variable}" | sha256sum | cut -c1-12)"`;
      await typeCommand(page, `${command}; ${check}`);
      // The host waits at the prompt: the cursor's row holds just it, after the command's own row.
      await expect
        .poll(async () => {
          const { lines, cursor } = await screenOf(page);
          // The command may wrap: its rows run on without a break.
          return (lines[cursor.y] ?? '').trimEnd() === prompt.trimEnd() && lines.slice(0, cursor.y).join('').endsWith('cut -c1-12)"');
        }, { timeout: 10_000 })
        .toBe(true);
      if (switchedOnAtPrompt) {
        await page.keyboard.press('Alt+Shift+H');
        await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
      }

      await startSampling();
      await page.keyboard.type(secret, { delay: 25 });
      await page.keyboard.press('Enter');
      const hash = createHash('sha256').update(secret).digest('hex').slice(0, 12);
      await waitForScreen(page, new RegExp(`^got ${secret.length} ${hash}$`, 'm'));
      await atPrompt();
      const samples = await stopSampling();

      // It reached the host whole, and at no frame was any of it on the screen or drawn over it.
      expect(samples.length).toBeGreaterThan(secret.length);
      for (const sample of samples) {
        for (const piece of piecesOf(secret)) {
          expect(sample.screen).not.toContain(piece);
          expect(sample.overlay).not.toContain(piece);
        }
      }

      // A line entered after it is kept (so the history writes have happened); the secret is not, anywhere.
      const marker = `echo kept-after-${switchedOnAtPrompt ? 'on' : 'typed'}-${variable}`;
      await typeCommand(page, marker);
      await expect.poll(lineHistory, { timeout: 10_000 }).toContain(marker);
      const lines = await lineHistory();
      for (const piece of piecesOf(secret)) expect(lines.join('\n')).not.toContain(piece);
      const disk = storeOnDisk();
      expect(disk.length).toBeGreaterThan(0);
      for (const piece of piecesOf(secret)) expect(disk.includes(Buffer.from(piece))).toBe(false);

      // ↑ walks back through what was entered, and never reaches the secret.
      await atPrompt();
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('ArrowUp');
        const recalled = (await halfDuplex())?.line ?? '';
        for (const piece of piecesOf(secret)) expect(recalled).not.toContain(piece);
      }
      await page.keyboard.press('Control+U');
      await expect.poll(async () => (await halfDuplex())?.line, { timeout: 10_000 }).toBe('');
    }
  });

  it.each([
    // Cleared first, so the numbers on the screen are the pager's own.
    ['clear; seq 1 500 | less -X', /^:$/], // less waits at its ':' prompt on the last row
    ['clear; seq 1 500 | more', /^--More--/],
  ])('gives a pager on the main screen its keys (Space, q): `%s`, then edits lines again at the prompt', async (command, pagerPrompt) => {
    await atPrompt();
    await typeCommand(page, command);
    await expect.poll(async () => (await screenOf(page)).lines.some((line) => pagerPrompt.test(line)), { timeout: 10_000 }).toBe(true);
    const highest = async () => Math.max(...(await screenOf(page)).lines.filter((l) => /^\d+$/.test(l)).map(Number));
    const firstPage = await highest();

    const mark = inputFrames.length;
    await page.keyboard.press('Space');
    await expect.poll(highest, { timeout: 10_000 }).toBeGreaterThan(firstPage);
    await page.keyboard.press('q');
    await atPrompt();
    expect(await framesSince(mark)).toEqual([' ', 'q']);
    expect((await halfDuplex())?.line).toBe('');

    const marker = `after-${command.includes('less') ? 'less' : 'more'}`;
    await page.keyboard.type(`echo ${marker}`, { delay: 10 });
    await expect.poll(async () => (await halfDuplex())?.line, { timeout: 10_000 }).toBe(`echo ${marker}`);
    await page.keyboard.press('Enter');
    await waitForScreen(page, new RegExp(`^${marker}$`, 'm'));
    const screen = await screenText(page);
    expect(screen).not.toMatch(/command not found/);
    expect(screen).not.toMatch(/^ ?q/m);
  });

  it('gives vi the keys directly, and line mode is back after :q', async () => {
    await atPrompt();
    await typeCommand(page, 'vi');
    await expect.poll(async () => (await screenOf(page)).altScreen, { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await halfDuplex())?.passThrough).toBe(true);

    const mark = inputFrames.length;
    await page.keyboard.type('ihello-from-vi', { delay: 20 });
    await waitForScreen(page, /^hello-from-vi$/m);
    // One message per key, as in character mode, and nothing drawn over vi.
    expect(await framesSince(mark)).toEqual([...'ihello-from-vi']);
    expect(await overlayText()).toBe('');

    // Undo the insert, so a plain :q quits.
    await page.keyboard.press('Escape');
    await page.keyboard.type('u');
    await expect.poll(() => screenText(page)).not.toContain('hello-from-vi');
    await page.keyboard.type(':q');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await screenOf(page)).altScreen, { timeout: 10_000 }).toBe(false);
    await expect.poll(async () => (await halfDuplex())?.passThrough).toBe(false);

    const back = inputFrames.length;
    await page.keyboard.type('echo back-in-line-mode', { delay: 10 });
    await expect.poll(overlayText, { timeout: 10_000 }).toBe('cho back-in-line-mode');
    expect(await framesSince(back)).toEqual(['e']);
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^back-in-line-mode$/m);
    expect(await framesSince(back)).toEqual(['e', 'cho back-in-line-mode\r']);
  });

  it('pastes into the local line, entering each pasted line but the last', async () => {
    await atPrompt();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: longhaul.origin });
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((2+3))\necho pasted-$((3+4))'));
    const mark = inputFrames.length;
    await page.keyboard.press('Control+Shift+V');
    await waitForScreen(page, /^pasted-5$/m);
    // The second line waits for the prompt; then its first character goes, and the rest is drawn after the echo.
    await expect.poll(overlayText, { timeout: 10_000 }).toBe('cho pasted-$((3+4))');
    expect(await framesSince(mark)).toEqual(['echo pasted-$((2+3))\r', 'e']);
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^pasted-7$/m);
    expect(await framesSince(mark)).toEqual(['echo pasted-$((2+3))\r', 'e', 'cho pasted-$((3+4))\r']);
  });

  it('keeps the local line, cursor and all, when switched off', async () => {
    await atPrompt();
    await page.keyboard.type('echo kept-line', { delay: 10 });
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await halfDuplex())?.line, { timeout: 10_000 }).toBe('echo kept-line');
    const mark = inputFrames.length;
    await page.getByRole('button', { name: 'Half-duplex' }).click();
    expect(await page.getByRole('button', { name: 'Half-duplex' }).getAttribute('aria-pressed')).toBe('false');
    // The "e" is on the host already.
    expect(await framesSince(mark)).toEqual(['cho kept-line' + '\x1b[D'.repeat(5)]);
    await waitForScreen(page, /\$ echo kept-line$/m);

    // Character mode again: each key goes at once, and the shell's cursor is where the local one was.
    await page.keyboard.type('X');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /^keptX-line$/m);
    expect(await framesSince(mark)).toEqual(['cho kept-line' + '\x1b[D'.repeat(5), 'X', '\r']);
  });
});
