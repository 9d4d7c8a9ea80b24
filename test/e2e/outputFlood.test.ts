// A flood in real Chromium: 64 MiB of output arrives byte-exact with each renderer setting.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { connect } from '../support/page.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-e2e-flood-'));
/** `seq 1 LAST` prints 64 MiB: about 130 of the bridge's 512 KiB flow-control windows. */
const LAST = 8_500_000;
/** Lines checked at the end of the buffer (the scrollback keeps 10,000). */
const TAIL = 5_000;
let longhaul: LonghaulProcess;
let browser: Browser;

beforeAll(async () => {
  longhaul = await startLonghaul(de1Args(work, sshd, sshd.port), { HOME: work });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await longhaul?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A page whose Renderer setting is `setting` from its first load, on a shell in de1; `lost` gathers any output gaps it reports. */
async function openShell(setting: 'auto' | 'dom'): Promise<{ page: Page; lost: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
  await page.addInitScript((value) => localStorage.setItem('longhaul.renderer', value), setting);
  const lost: string[] = [];
  page.on('console', (message) => {
    if (/bytes were lost/.test(message.text())) lost.push(message.text());
  });
  await page.goto(longhaul.url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
  return { page, lost };
}

const sha256 = (lines: readonly string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');

/** Bytes `seq 1 last` prints: each number's digits and a newline. */
function seqBytes(last: number): number {
  let total = 0;
  for (let digits = 1, low = 1; low <= last; digits++, low *= 10) total += (Math.min(last, low * 10 - 1) - low + 1) * (digits + 1);
  return total;
}

describe('a 64 MiB flood', () => {
  for (const setting of ['dom', 'auto'] as const) {
    it(`arrives byte-exact with Renderer: ${setting === 'dom' ? 'DOM' : 'Auto'}`, async () => {
      const { page, lost } = await openShell(setting);
      try {
        expect(await page.evaluate(() => window.longhaul.renderer())).toBe('dom'); // Auto, too, on this GPU-less Chromium
        await page.keyboard.type(`seq 1 ${LAST}; echo "FLOOD-END $(seq 1 ${LAST} | wc -c)"`);
        const started = Date.now();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => line.startsWith('FLOOD-END ')), null, {
          polling: 200,
          timeout: 240_000,
        });
        console.info(`Renderer ${setting}: 64 MiB drawn in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        const buffer = await page.evaluate(() => window.longhaul.buffer());
        const end = buffer.findLastIndex((line) => line.startsWith('FLOOD-END '));
        // The count marker: the host counted what seq prints; nothing the page drew went missing on the way.
        expect(buffer[end]?.trim()).toBe(`FLOOD-END ${seqBytes(LAST)}`);
        expect(lost).toEqual([]);
        // And the buffer's last lines are the flood's, in order, each whole.
        const expected = Array.from({ length: TAIL }, (_, i) => String(LAST - TAIL + 1 + i));
        expect(sha256(buffer.slice(end - TAIL, end).map((line) => line.trimEnd()))).toBe(sha256(expected));
      } finally {
        await page.close();
      }
    });
  }
});
