// Nothing longhaul draws over a terminal stays in the way: the latency box keeps off the cursor, off a mouse
// selecting near it, and off the last row (vim's ruler); toasts stack clear of the box and of the bar under the
// terminal with its Half-duplex toggle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect, screenOf, typeCommand, waitForScreen } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-overlay-'));
let browser: Browser;
let longhaul: LonghaulProcess;
let page: Page;
/** The terminal's width in columns, as the shell sees it. */
let cols = 0;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
  // A plain prompt, so the screen is the test's own.
  await typeCommand(page, "PROMPT_COMMAND= PS1='$ '; echo cols=$(tput cols)");
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /^cols=\d+$/.test(line)), null, { timeout: 15_000 });
  cols = Number((await screenOf(page)).lines.find((line) => /^cols=\d+$/.test(line))!.slice('cols='.length));
});
afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const overlay = () => page.getByRole('status', { name: 'Latency' });
const overlayBox = async () => (await overlay().boundingBox())!;

/** The rectangle of a terminal cell on the page. */
async function cellBox(row: number, col: number): Promise<Box> {
  const screen = (await page.locator('.xterm-screen').boundingBox())!;
  const rows = (await screenOf(page)).lines.length;
  const cellHeight = screen.height / rows;
  const cellWidth = screen.width / cols;
  return { x: screen.x + col * cellWidth, y: screen.y + row * cellHeight, width: cellWidth, height: cellHeight };
}

describe('what longhaul draws over a terminal', () => {
  it('keeps the latency box off the cursor in the top-right cell', async () => {
    await typeCommand(page, `clear; printf '\\033[1;${cols}H'; sleep 4`);
    await expect.poll(async () => (await screenOf(page)).cursor).toEqual({ x: cols - 1, y: 0 });
    await expect.poll(async () => intersects(await overlayBox(), await cellBox(0, cols - 1))).toBe(false);
    await waitForScreen(page, /\$ ?$/m);
  });

  it('never covers the last row, where vim keeps its ruler, while the cursor is at the top', async () => {
    const rows = (await screenOf(page)).lines.length;
    // As vim draws it: the ruler at the end of the last row, the cursor on the first.
    await typeCommand(page, `clear; printf '\\033[${rows};${cols - 12}H1,1    All\\033[1;1H'; sleep 4`);
    await expect.poll(async () => (await screenOf(page)).cursor).toEqual({ x: 0, y: 0 });
    await expect.poll(() => overlay().getAttribute('data-corner')).toBe('bottom');
    const ruler = await cellBox(rows - 1, cols - 12);
    const lastRow = { ...ruler, width: (await cellBox(rows - 1, cols - 1)).x + ruler.width - ruler.x };
    expect(intersects(await overlayBox(), lastRow)).toBe(false);
    await waitForScreen(page, /\$ ?$/m);
  });

  it('moves away from a mouse selecting text towards it, and not from one that only passes over it', async () => {
    await typeCommand(page, 'seq 1 100');
    await waitForScreen(page, /^100\n\$ ?$/m);
    const corner = () => overlay().getAttribute('data-corner');
    const before = await corner();
    const box = await overlayBox();
    const y = box.y + box.height / 2;
    const start = await cellBox(0, 2);
    await page.mouse.move(start.x + 1, y);
    await page.mouse.down();
    // Select along the box's rows up to just left of it, as a selection towards the corner does.
    await page.mouse.move(box.x - 6, y, { steps: 8 });
    await expect.poll(corner).toBe(before === 'top' ? 'bottom' : 'top');
    await page.mouse.up();
    expect(intersects(await overlayBox(), { x: box.x - 6, y, width: 1, height: 1 })).toBe(false);
    // A pointer that only passes over the box leaves it where it is, so it can be clicked.
    const now = await overlayBox();
    const after = await corner();
    await page.mouse.move(now.x + now.width / 2, now.y + now.height / 2, { steps: 4 });
    await page.mouse.move(now.x - 10, now.y + now.height / 2, { steps: 4 });
    expect(await corner()).toBe(after);
  });

  it('stacks toasts clear of the latency box and of the Half-duplex toggle', async () => {
    const toggle = (await page.getByRole('button', { name: 'Half-duplex' }).boundingBox())!;
    expect(intersects(await overlayBox(), toggle)).toBe(false);
    await longhaul.stop(); // the tab says so in a toast
    const toast = page.locator('.toast');
    await expect.poll(() => toast.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const toastBox = (await toast.first().boundingBox())!;
    expect(intersects(toastBox, toggle)).toBe(false);
    expect(intersects(toastBox, await overlayBox())).toBe(false);
    // Nor over the bar under the terminal at all.
    const bar = (await page.locator('.session-bar').boundingBox())!;
    expect(intersects(toastBox, bar)).toBe(false);
  });
});
