// Regenerates docs/overview.png and docs/search-all.png: four tabs to a test sshd named de1, the Overview, then Search all sessions.
// Run: npm run build && npx tsx scripts/screenshotSecondWave.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/support/browser.js';
import { startLonghaul } from '../test/support/longhaulProcess.js';
import { knownHostsLineFor, startSshd } from '../test/support/sshd.js';

const out = path.resolve(import.meta.dirname, '../docs');
const sshd = await startSshd();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shot-'));
const config = path.join(work, 'config');
fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
const known = path.join(work, 'known_hosts');
fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
// Shells on a pty: a script leaves nothing running in tmux.
const longhaul = await startLonghaul(['--durable', 'off', '--data-dir', path.join(work, 'data'), '--ssh-config', config, '--known-hosts', known], { HOME: work });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 640 }, deviceScaleFactor: 1 });
  await page.goto(longhaul.url);
  const commands = ['uptime; df -h / | tail -1', 'ls --color=always /etc | head -20', 'seq 1 40 | paste -sd" "; echo deploy done', 'printf "\\e[1;32mok\\e[0m  tail of app.log\\n"; dmesg 2>/dev/null | tail -3; date'];
  for (const [index, command] of commands.entries()) {
    if (index > 0) await page.keyboard.press('Alt+Shift+N');
    await page.getByLabel('Connect to').fill('de1');
    await page.getByLabel('Connect to').press('Enter');
    await page.waitForFunction((n) => window.longhaul.tabs().filter((t) => t.state === 'ready').length === n, index + 1);
    await page.waitForTimeout(300);
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }
  await page.waitForTimeout(1500);
  await page.keyboard.press('Alt+Shift+O');
  await page.getByRole('region', { name: 'Overview' }).waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(out, 'overview.png') });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+Alt+F');
  await page.getByRole('searchbox', { name: 'Search all sessions' }).pressSequentially('done');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: path.join(out, 'search-all.png') });
  console.log('wrote', out);
} finally {
  await browser.close();
  await longhaul.stop();
  await sshd.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
