// Regenerates docs/predictive-echo.png: a command typed at a 250 ms link, its predicted characters drawn (underlined) before the echo.
// Run: npm run build && npx tsx scripts/screenshotPredictiveEcho.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { launchChromium } from '../test/support/browser.js';
import { de1Args, startLonghaul } from '../test/support/longhaulProcess.js';
import { startSshd } from '../test/support/sshd.js';

const ONE_WAY_MS = 125;
const out = path.resolve(import.meta.dirname, '../docs/predictive-echo.png');
const sshd = await startSshd();
const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shot-'));
const longhaul = await startLonghaul([...de1Args(work, sshd, proxy.port), '--durable', 'off'], { HOME: work });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 420 }, deviceScaleFactor: 1 });
  await page.goto(longhaul.url);
  await page.getByLabel('Connect to').fill('de1');
  await page.getByLabel('Connect to').press('Enter');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
  // Teach the predictor the echo time, as a person's first line does.
  await page.keyboard.type('uname -sr; uptime', { delay: 70 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await page.keyboard.type('l');
  await page.waitForTimeout(600); // a line's first key waits for its echo
  await page.keyboard.type('s -l /etc | head', { delay: 8 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await longhaul.stop();
  await proxy.close();
  await sshd.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
