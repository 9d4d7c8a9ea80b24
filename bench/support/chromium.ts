// Launches Debian's Chromium for browser benchmarks as test/support/browser.ts does (no GPU: WebGL, if any, in SwiftShader).
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { connect } from '../../test/support/page.js';
import { installPageProbe } from './pageProbe.js';

/** The page's Renderer setting a benchmark stage runs with (set in localStorage before the page loads). */
export type Renderer = 'auto' | 'dom' | 'webgl';

/** `webgl: false` adds --disable-3d-apis: no WebGL at all, as in a browser whose GPU is unavailable. */
export async function launchBenchChromium(options: { webgl?: boolean } = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...(options.webgl === false ? ['--disable-3d-apis'] : []),
    ],
  });
}

/** A page of `browser` (1000×640, the benchmark probe in it) at a shell in de1, driven by Playwright as the end-to-end tests drive it. */
export async function openShellPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  await installPageProbe(context);
  const page = await context.newPage();
  await page.goto(url);
  await connect(page, 'de1');
  await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 30_000 });
  return page;
}
