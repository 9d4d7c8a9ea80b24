// Regenerates docs/latency.png: the latency overlay, expanded, with de1 250 ms away behind the delay proxy.
// Run: npm run build && npx tsx scripts/screenshotLatency.ts   (about a minute: the sparklines fill with real samples)
// LONGHAUL_SHOT_EXTRA=DIR also writes the collapsed overlay and the silent-host banner there, for review.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDelayProxy } from '../server/net/delayProxy.js';
import { launchChromium } from '../test/support/browser.js';
import { startLonghaul } from '../test/support/longhaulProcess.js';
import { knownHostsLineFor, startSshd } from '../test/support/sshd.js';

const ONE_WAY_MS = 125;
/** Real links wobble; so does this one, by a few ms each way, so the sparkline shows what it is for. */
const JITTER_MS = 6;
const FILL_SPARKLINES_MS = 55_000;

const out = path.resolve(import.meta.dirname, '../docs/latency.png');
const extra = process.env.LONGHAUL_SHOT_EXTRA;
const sshd = await startSshd();
const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
const wobble = setInterval(() => {
  const jitter = () => ONE_WAY_MS + (Math.random() * 2 - 1) * JITTER_MS;
  proxy.setDelay(jitter(), jitter());
}, 1_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shot-'));
const config = path.join(work, 'config');
fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
const known = path.join(work, 'known_hosts');
fs.writeFileSync(known, `${knownHostsLineFor({ port: proxy.port, hostPublicKey: sshd.hostPublicKey })}\n`);
const longhaul = await startLonghaul(['--durable', 'off', '--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 560 }, deviceScaleFactor: 1 });
  await page.goto(longhaul.url);
  await page.getByLabel('Connect to').fill('de1');
  await page.getByLabel('Connect to').press('Enter');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
  await page.keyboard.type('uname -sr; uptime; ls --color=always -l /etc | head -40');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(FILL_SPARKLINES_MS);
  if (extra) await page.screenshot({ path: path.join(extra, 'latency-collapsed.png') });
  await page.getByRole('button', { name: 'Latency details' }).click();
  await page.waitForTimeout(2_500);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out });
  if (extra) {
    await page.getByRole('button', { name: 'Latency details' }).click();
    proxy.pause();
    await page.getByRole('status').filter({ hasText: /no reply for/ }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3_200);
    await page.screenshot({ path: path.join(extra, 'latency-silent.png') });
    proxy.resume();
  }
  console.log('wrote', out);
} finally {
  clearInterval(wobble);
  await browser.close();
  await longhaul.stop();
  await proxy.close();
  await sshd.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
