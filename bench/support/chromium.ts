// Launches Debian's Chromium for browser benchmarks as test/support/browser.ts does, optionally without WebGL.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export type Renderer = 'dom' | 'software-webgl';

/**
 * 'software-webgl' is Chromium exactly as the end-to-end tests launch it: no GPU, so WebGL runs in SwiftShader on the
 * CPU and the page's terminal takes xterm.js's WebGL renderer. 'dom' adds --disable-3d-apis: no WebGL at all, as in a
 * browser whose GPU is unavailable, so the page falls back to xterm.js's DOM renderer.
 */
export async function launchBenchChromium(renderer: Renderer): Promise<Browser> {
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
      ...(renderer === 'dom' ? ['--disable-3d-apis'] : []),
    ],
  });
}
