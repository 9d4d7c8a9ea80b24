// Nothing a user had is lost when longhaul is killed or the browser tab is closed, in real Chromium, for shells that
// end with longhaul (a host without tmux, or --durable off): after a SIGKILL
// and a restart the window's tabs come back by themselves (old output above a divider, a new shell below), Recently
// closed lists only shells that still run, and shells whose browser tab was closed are offered on a new tab.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, freeLoopbackPort, keptLiveOutput, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, tabsOf, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-survive-'));
let args: string[];
let dataDir: string;
let browser: Browser;
let longhaul: LonghaulProcess;

beforeAll(async () => {
  // The same address across restarts: the page keeps its tabs per origin.
  // Shells that end with longhaul (no tmux on the host, or --durable off); durableTabs.test.ts has those that do not.
  args = [...de1Args(work, sshd, sshd.port), '--durable', 'off', '--listen', `127.0.0.1:${await freeLoopbackPort()}`];
  dataDir = args[args.indexOf('--data-dir') + 1]!;
  longhaul = await startLonghaul(args, { HOME: work });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

interface OpenedPage {
  page: Page;
  /** The types of the dialogs the page has shown. */
  dialogs: string[];
  /** How the next dialogs are answered (leave the page, or stay). */
  answer: 'accept' | 'dismiss';
}

/** A fresh page (its own storage, as a new browser tab has) on longhaul that answers its dialogs as told. */
async function openPage(): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  const opened: OpenedPage = { page, dialogs: [], answer: 'accept' };
  page.on('dialog', (dialog: Dialog) => {
    opened.dialogs.push(dialog.type());
    void (opened.answer === 'accept' ? dialog.accept() : dialog.dismiss());
  });
  await page.goto(longhaul.url);
  return opened;
}

async function openDe1(page: Page): Promise<void> {
  await connect(page, 'de1');
  await expect.poll(() => activeState(page), { timeout: 15_000 }).toBe('ready');
  await waitForScreen(page, /\$ ?$/m);
}

async function shellPid(page: Page): Promise<string> {
  await typeCommand(page, 'echo pid=$$');
  const text = await waitForScreen(page, /^pid=\d+$/m);
  return [...text.matchAll(/^pid=(\d+)$/gm)].at(-1)![1]!;
}

/** What longhaul says it runs, asked as the page does. */
async function liveSessions(): Promise<{ id: string; attached: boolean }[]> {
  const token = new URL(longhaul.url).searchParams.get('token')!;
  const response = await fetch(`${longhaul.origin}/api/sessions/live`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { sessions: { id: string; attached: boolean }[] }).sessions;
}

const buffer = (page: Page) => page.evaluate(() => window.longhaul.buffer());

/** The tab's terminal holds `marker`'s line, a history divider below it, and a prompt below that. */
async function restoredBelowDivider(page: Page, marker: string): Promise<boolean> {
  const lines = await buffer(page);
  const old = lines.findIndex((l) => l === marker);
  const divider = lines.findIndex((l) => /^─+ closed at \d\d:\d\d · new shell ─+$/.test(l));
  const prompt = lines.findLastIndex((l) => /\$ ?$/.test(l));
  return old >= 0 && divider > old && prompt > divider;
}

describe('longhaul killed with tabs open', () => {
  it('brings every tab of the window back by itself, old output above a divider and a new shell below', async () => {
    const { page } = await openPage();
    await openDe1(page);
    // The tab says, in words, that its shell will not outlive longhaul.
    expect((await page.evaluate(() => window.longhaul.sessions()))[0]?.detail).toMatch(/this shell ends if longhaul stops/);
    await typeCommand(page, 'echo first-tab-$((6*7))');
    await waitForScreen(page, /^first-tab-42$/m);
    await page.getByRole('button', { name: 'New tab' }).click();
    await openDe1(page);
    await typeCommand(page, 'echo second-tab-$((7*7))');
    await waitForScreen(page, /^second-tab-49$/m);
    // A third tab, closed: Recently closed lists it while its shell runs.
    await page.getByRole('button', { name: 'New tab' }).click();
    await openDe1(page);
    await typeCommand(page, 'echo closed-tab-$((8*8))');
    await waitForScreen(page, /^closed-tab-64$/m);
    await page.getByRole('tab').nth(2).getByRole('button', { name: 'Close tab' }).click();
    await page.getByRole('button', { name: 'New tab' }).click();
    const recentlyClosed = page.getByRole('region', { name: 'Recently closed' });
    await expect.poll(() => recentlyClosed.isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('tab').nth(0).click();

    // longhaul keeps live output every few seconds; kill it once all three outputs are in its file.
    await expect
      .poll(() => ['first-tab-42', 'second-tab-49', 'closed-tab-64'].every((m) => keptLiveOutput(dataDir).some((t) => t.includes(m))), { timeout: 20_000, interval: 250 })
      .toBe(true);
    // Away from the page while longhaul is down, so it cannot reconnect by itself first; coming back is a reload.
    await page.goto('about:blank');
    await longhaul.stop('SIGKILL');
    longhaul = await startLonghaul(args, { HOME: work });
    await page.goto(longhaul.url);

    await expect.poll(async () => (await tabsOf(page)).map((t) => t.state), { timeout: 20_000 }).toEqual(['ready', 'ready']);
    for (const [index, marker] of ['first-tab-42', 'second-tab-49'].entries()) {
      await page.getByRole('tab').nth(index).click();
      await expect.poll(() => restoredBelowDivider(page, marker), { timeout: 15_000 }).toBe(true);
      await typeCommand(page, `echo new-shell-$((${index}+1))`);
      await waitForScreen(page, new RegExp(`^new-shell-${index + 1}$`, 'm'));
      const lines = await buffer(page);
      expect(lines.indexOf(`new-shell-${index + 1}`)).toBeGreaterThan(lines.findIndex((l) => /closed at .* new shell/.test(l)));
    }

    // Reloaded again, each tab still shows the old output above the divider, and its new shell below.
    await page.reload();
    await expect.poll(async () => (await tabsOf(page)).map((t) => t.state), { timeout: 20_000 }).toEqual(['ready', 'ready']);
    for (const [index, marker] of ['first-tab-42', 'second-tab-49'].entries()) {
      await page.getByRole('tab').nth(index).click();
      await expect.poll(() => restoredBelowDivider(page, marker), { timeout: 15_000 }).toBe(true);
      const lines = await buffer(page);
      expect(lines.indexOf(`new-shell-${index + 1}`)).toBeGreaterThan(lines.findIndex((l) => /closed at .* new shell/.test(l)));
    }

    // The closed tab's shell ended with longhaul: it is history now, not "still running".
    await page.getByRole('button', { name: 'New tab' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => history.getByRole('button', { name: /longhaul stopped unexpectedly/ }).count(), { timeout: 10_000 }).toBe(3);
    expect(await recentlyClosed.isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: 'Running on longhaul' }).isVisible()).toBe(false);
    await page.close();
  });
});

describe('a page left open while longhaul is killed and started again', () => {
  it('says the browser must sign in again; signed in, it carries on: its output once, above a divider, a new shell below', async () => {
    const { page } = await openPage();
    await openDe1(page);
    await typeCommand(page, 'echo still-open-$((5*5))');
    await waitForScreen(page, /^still-open-25$/m);
    await expect.poll(() => keptLiveOutput(dataDir).some((t) => t.includes('still-open-25')), { timeout: 20_000, interval: 250 }).toBe(true);
    await longhaul.stop('SIGKILL');
    longhaul = await startLonghaul(args, { HOME: work });

    // A restart ends every browser's sign-in: the page, retrying, says so rather than that longhaul is away.
    await expect
      .poll(() => page.locator('body').innerText(), { timeout: 30_000 })
      .toMatch(/longhaul no longer knows this browser \(it was restarted, or signed out everywhere\)/);
    await page.goto(longhaul.url);
    await expect.poll(() => restoredBelowDivider(page, 'still-open-25'), { timeout: 30_000 }).toBe(true);
    expect(await activeState(page)).toBe('ready');
    expect((await buffer(page)).filter((l) => l === 'still-open-25')).toHaveLength(1);
    await typeCommand(page, 'echo carried-on-$((3+3))');
    await waitForScreen(page, /^carried-on-6$/m);
    await page.close();
  });
});

describe('the browser tab closed with shells running', () => {
  it('asks first, then offers the shells on a new page, where one click attaches to the same shell', async () => {
    // A clean start: no shell from the test before is running.
    await longhaul.stop('SIGTERM');
    longhaul = await startLonghaul(args, { HOME: work });
    const opened = await openPage();
    const { page, dialogs } = opened;
    await openDe1(page);
    const pid = await shellPid(page);
    // Typed, not sent: the shell's last line tells this one apart in the list.
    await page.keyboard.type('# the-first-shell');
    await waitForScreen(page, /# the-first-shell$/m);
    await page.getByRole('button', { name: 'New tab' }).click();
    await openDe1(page);
    const otherPid = await shellPid(page);

    // Leaving the page asks first (Chromium asks only after a user gesture, such as the typing above): stay...
    opened.answer = 'dismiss';
    const address = page.url();
    await expect(page.goto('about:blank')).rejects.toThrow(/ERR_ABORTED/);
    expect(dialogs).toEqual(['beforeunload']);
    expect(page.url()).toBe(address);
    expect(await activeState(page)).toBe('ready');
    // ...or leave anyway, as a closed browser tab does: its shells are left running.
    opened.answer = 'accept';
    await page.goto('about:blank');
    expect(dialogs).toEqual(['beforeunload', 'beforeunload']);
    await page.close();
    // longhaul has seen both tabs go.
    await expect.poll(async () => (await liveSessions()).filter((s) => !s.attached).length, { timeout: 10_000 }).toBe(2);

    const fresh = await openPage();
    const running = fresh.page.getByRole('region', { name: 'Running on longhaul' });
    await expect.poll(() => running.isVisible(), { timeout: 15_000 }).toBe(true);
    // Both shells, by host, last line and age.
    await expect.poll(() => running.innerText(), { timeout: 10_000 }).toMatch(/^Running on longhaul: 2 shells/);
    const first = running.getByRole('button', { name: /^de1 · “.*# the-first-shell” · running \d+ (s|min)$/ });
    expect(await first.count()).toBe(1);
    await first.click();
    await expect.poll(() => activeState(fresh.page), { timeout: 15_000 }).toBe('ready');
    // The same screen, and the same shell: the typed comment is still on its line.
    await waitForScreen(fresh.page, new RegExp(`^pid=${pid}$`, 'm'));
    await fresh.page.keyboard.press('Enter');
    expect(await shellPid(fresh.page)).toBe(pid);
    expect(otherPid).not.toBe(pid);

    // The other one is still offered on a new tab, now alone.
    await fresh.page.getByRole('button', { name: 'New tab' }).click();
    await expect.poll(() => running.innerText(), { timeout: 10_000 }).toMatch(/^Running on longhaul: 1 shell,/);
    await fresh.page.close();
  });
});
