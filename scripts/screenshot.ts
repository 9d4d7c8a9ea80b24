// Regenerates docs/screenshot.png, docs/screenshot-host-key.png and docs/command-palette.png: a test sshd named de1, longhaul, and Chromium going through the user's path.
// Run: npm run build && npx tsx scripts/screenshot.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/support/browser.js';
import { startLonghaul } from '../test/support/longhaulProcess.js';
import { startSshd } from '../test/support/sshd.js';

const out = path.resolve(import.meta.dirname, '../docs');
const sshd = await startSshd();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shot-'));
const config = path.join(work, 'config');
fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
const longhaul = await startLonghaul(['--durable', 'off', '--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', '/dev/null'], { HOME: work });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 560 }, deviceScaleFactor: 1 });
  await page.goto(longhaul.url);
  await page.getByLabel('Connect to').fill('de1');
  await page.getByLabel('Connect to').press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.screenshot({ path: path.join(out, 'screenshot-host-key.png') });
  await page.getByRole('button', { name: 'Trust and connect' }).click();
  await page.waitForFunction(() => window.longhaul.tabs().some((t) => t.state === 'ready'));
  await page.waitForTimeout(500);
  await page.keyboard.type("printf '\\e]0;de1: ~\\a'; ls --color=always -la /etc | head -12; echo; printf '\\e[1;32mok\\e[0m  Grüße aus Frankfurt — https://example.com\\n'");
  await page.keyboard.press('Enter');
  // A few pings and keepalives (every 2 s), so the latency overlay shows settled figures, not the first sample
  // taken while the page was still loading.
  await page.waitForTimeout(6_000);
  await page.screenshot({ path: path.join(out, 'screenshot.png') });
  await page.keyboard.press('Control+Shift+P');
  await page.getByRole('combobox', { name: 'Filter commands' }).pressSequentially('tab');
  await page.screenshot({ path: path.join(out, 'command-palette.png') });
  console.log('wrote', out);
} finally {
  await browser.close();
  await longhaul.stop();
  await sshd.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
