// Output replayed to rebuild a screen (a reloaded page, a reopened tab, history) is drawn, never answered: the
// terminal's replies to old queries must not be typed into the shell. Live queries are still answered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, screenText, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-replayed-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  // Shells on a pty: the page is the terminal that answers. (In tmux, tmux answers cursor and device queries itself,
  // at once on the host, often before the shell has reached the `read` that takes them, so the tty echoes them.)
  longhaul = await startLonghaul([...de1Args(work, sshd, sshd.port), '--durable', 'off'], { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(longhaul.url);
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/**
 * What vim and friends ask at start: focus reports on, cursor position, secondary device attributes, the foreground
 * colour, a mode (DECRQM). `read -d y` takes the answers (DECRQM's, the last, ends in `y`), so the command only
 * finishes when the terminal answered them all, live.
 */
const ASK_AND_READ_ANSWERS = String.raw`printf '\e[?1004h\e[6n\e[>c\e]10;?\e\\\e[?12$p'; read -rs -d y answers; printf '\e[?1004l'; echo "answered-$((6*7))"`;

/** Type a command at the prompt and check the shell got exactly it: nothing typed before it on the line. */
async function expectCleanCommandLine(marker: number): Promise<void> {
  await typeCommand(page, `echo clean-$((${marker}*2))`);
  await waitForScreen(page, new RegExp(`^clean-${marker * 2}$`, 'm'));
  const lines = (await screenText(page)).split('\n');
  const commandLine = lines.find((line) => line.includes(`echo clean-$((${marker}*2))`));
  expect(commandLine?.trimEnd()).toBe(`P> echo clean-$((${marker}*2))`);
}

describe('replayed output', () => {
  it('answers queries while they are live', async () => {
    await connect(page, 'de1');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /\$ ?$/m);
    // A prompt the test can recognise exactly, so anything typed before a command shows on its line.
    await typeCommand(page, "PS1='P> '");
    await waitForScreen(page, /^P> ?$/m);
    await typeCommand(page, `clear; ${ASK_AND_READ_ANSWERS}`);
    await waitForScreen(page, /^answered-42$/m);
    await expectCleanCommandLine(1);
  });

  it('types nothing into the shell when the page is reloaded', async () => {
    for (let reload = 0; reload < 2; reload++) {
      await page.reload();
      await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
      // The screen is rebuilt from the session's output, queries included.
      await waitForScreen(page, /^answered-42$/m);
      await expectCleanCommandLine(10 + reload);
    }
  });

  it('types nothing into the shell when a closed tab is reopened', async () => {
    await page.getByRole('tab').first().getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(() => activeState(page)).toBe('launcher');
    await page.getByRole('button', { name: 'Reopen closed tab' }).click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /^answered-42$/m);
    await expectCleanCommandLine(20);
  });

  it('still answers a live query after a replay', async () => {
    await page.reload();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /^clean-40$/m);
    await typeCommand(page, `clear; ${ASK_AND_READ_ANSWERS.replace('6*7', '7*7')}`);
    await waitForScreen(page, /^answered-49$/m);
    await expectCleanCommandLine(30);
  });

  it('types nothing into the new shell when a session is reopened from history with its scrollback', async () => {
    await typeCommand(page, 'exit');
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('closed');
    await page.getByRole('button', { name: 'New tab' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.isVisible(), { timeout: 10_000 }).toBe(true);
    await history.getByRole('button').first().click();
    await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
    await waitForScreen(page, /\$ ?$/m);
    // The scrollback, queries and all, is above the divider; the new shell's first line must be only what is typed.
    expect(await page.evaluate(() => window.longhaul.buffer())).toContain('answered-49');
    await typeCommand(page, "PS1='P> '");
    await waitForScreen(page, /^P> ?$/m);
    await expectCleanCommandLine(40);
  });
});
