// Launches Debian's Chromium, headless, through playwright-core for end-to-end tests.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's chromium: apt-get install -y chromium (or set CHROMIUM_PATH to another Chromium).`,
    );
  }
  // No user-data-dir here: playwright gives every launch a fresh one.
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      // Tests run as root in containers, where Chromium's sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      // Loopback only: no update checks, sync or QUIC probes to the outside.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
