// Tabs whose shells run in tmux on the host, in real Chromium: a cut connection shows "Reconnecting to de1…" and
// comes back to the same shell, and after longhaul is killed and started again the window's tabs come back by
// themselves to the same shells — the one running `more` still paging.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { launchChromium } from '../support/browser.js';
import { de1Args, freeLoopbackPort, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { activeState, connect, screenText, tabsOf, typeCommand, waitForScreen } from '../support/page.js';
import { onTestHost } from '../support/onTestHost.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-durable-'));
let args: string[];
let dataDir: string;
/** Between longhaul and the host, so the test can cut every connection as a proxy reset would. */
let proxy: DelayProxy;
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  // The same address across restarts: the page keeps its tabs per origin. Durable shells are the default.
  args = [...de1Args(work, sshd, proxy.port), '--listen', `127.0.0.1:${await freeLoopbackPort()}`];
  dataDir = args[args.indexOf('--data-dir') + 1]!;
  longhaul = await startLonghaul(args, { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  page.setDefaultTimeout(15_000);
  await page.goto(longhaul.url);
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

async function openDe1(): Promise<void> {
  await connect(page, 'de1');
  await expect.poll(() => activeState(page), { timeout: 20_000 }).toBe('ready');
  await waitForScreen(page, /\$ ?$/m);
}

async function shellPid(tag: string): Promise<string> {
  await typeCommand(page, `echo ${tag}-pid=$$`);
  const text = await waitForScreen(page, new RegExp(`^${tag}-pid=\\d+$`, 'm'));
  return new RegExp(`^${tag}-pid=(\\d+)$`, 'm').exec(text)![1]!;
}

/** The durable shells longhaul has written to its store (what a killed longhaul's next run reattaches to). */
function keptDurable(): number {
  const file = path.join(dataDir, 'longhaul.db');
  if (!fs.existsSync(file)) return 0;
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM live_sessions WHERE tmux_session IS NOT NULL').get() as { n: number }).n;
  } catch {
    return 0; // the table is being made
  } finally {
    db.close();
  }
}

const banner = () => page.locator('.silence-banner:visible');

/** The tmux server longhaul runs this file's durable shells on (startLonghaul names it so). */
const tmuxSocket = `${inject('tmuxPrefix')}${process.pid}`;

/** Runs a command on the test host with OpenSSH's own client, straight to sshd: what it printed. */
const onHost = (command: string): Promise<string> => onTestHost(sshd, command).then((ran) => ran.stdout);

describe('a durable tab', () => {
  it('says "Reconnecting to de1…" while its connection is cut, then carries on in the same shell', async () => {
    await openDe1();
    expect((await page.evaluate(() => window.longhaul.sessions()))[0]?.detail ?? '').not.toMatch(/ends if longhaul stops/);
    const pid = await shellPid('cut');
    // Held, then cut: the new connection cannot get through until the proxy lets it, so the tab is seen waiting.
    proxy.pause();
    proxy.dropConnections();
    await expect.poll(() => banner().innerText(), { timeout: 15_000 }).toMatch(/^Reconnecting to de1…/);
    expect((await page.evaluate(() => window.longhaul.sessions()))[0]?.detail).toMatch(/Reconnecting to de1…/);
    await typeCommand(page, 'echo typed-while-$((2+3))-cut');
    proxy.resume();
    await expect.poll(() => banner().count(), { timeout: 30_000 }).toBe(0);
    await waitForScreen(page, /^typed-while-5-cut$/m, 20_000);
    expect(await shellPid('back')).toBe(pid);
    expect((await tabsOf(page))[0]?.state).toBe('ready');
  }, 90_000);
});

describe('durable tabs and a killed longhaul', () => {
  it('come back by themselves to the same shells after a restart: one still paging in more, one at its prompt', async () => {
    // The first tab is open from the test above; it pages through `more`. A second tab sits at its prompt.
    const pagingPid = await shellPid('paging');
    await typeCommand(page, 'seq 1 5000 | more');
    await waitForScreen(page, /--More--/);
    await page.getByRole('button', { name: 'New tab' }).click();
    await openDe1();
    const promptPid = await shellPid('prompt');
    await expect.poll(keptDurable, { timeout: 20_000, interval: 250 }).toBe(2);

    // Away from the page while longhaul is down, so it cannot reconnect by itself first; coming back is a reload.
    await page.goto('about:blank');
    await longhaul.stop('SIGKILL');
    longhaul = await startLonghaul(args, { HOME: work });
    await page.goto(longhaul.url);

    await expect.poll(async () => (await tabsOf(page)).map((t) => t.state), { timeout: 30_000 }).toEqual(['ready', 'ready']);
    // The second tab, in front: the same shell, its own earlier output restored from tmux.
    await waitForScreen(page, /^prompt-pid=\d+$/m, 20_000);
    expect(await shellPid('prompt-after')).toBe(promptPid);

    await page.getByRole('tab').nth(0).click();
    await waitForScreen(page, /--More--/, 20_000);
    const before = await screenText(page);
    await page.keyboard.press('Space');
    // The next page: numbers after the ones on screen, and more still asking.
    const lastShown = Math.max(...[...before.matchAll(/^(\d+)$/gm)].map((m) => Number(m[1])));
    await expect.poll(async () => (await screenText(page)).split('\n').includes(String(lastShown + 1)), { timeout: 15_000 }).toBe(true);
    // Drawn where more drew it: the prompt line was cleared, not written into (the restored cursor was in place).
    expect(await screenText(page)).not.toMatch(/\dMore--/);
    await waitForScreen(page, /--More--/);
    await page.keyboard.press('q');
    await waitForScreen(page, /\$ ?$/m);
    expect(await shellPid('paging-after')).toBe(pagingPid);
  }, 120_000);
});

describe('a shell on the host that no tab shows', () => {
  it('is offered in a new tab under its host, and one click attaches to that same shell', async () => {
    // Another longhaul's shell on the same tmux server, which printed something.
    const orphan = `lh-${randomUUID()}`;
    await onHost(`tmux -L ${tmuxSocket} -f /dev/null new-session -d -s ${orphan} -x 80 -y 24 && tmux -L ${tmuxSocket} send-keys -t =${orphan}: 'echo left-by-$((40+2))' Enter`);
    const pid = (await onHost(`tmux -L ${tmuxSocket} display -p -t =${orphan}: '#{pane_pid}'`)).trim();
    await page.getByRole('button', { name: 'New tab' }).click();
    const running = page.getByRole('region', { name: 'Running on de1' });
    await expect.poll(() => running.getByRole('button').count(), { timeout: 15_000 }).toBe(1);
    await running.getByRole('button').click();
    await waitForScreen(page, /^left-by-42$/m, 20_000);
    expect(await shellPid('taken')).toBe(pid);
  }, 60_000);
});
