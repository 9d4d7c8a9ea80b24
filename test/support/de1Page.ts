// What most end-to-end files start from: longhaul on a fresh data dir, Chromium, and one page with a ready shell on de1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { de1Args, startLonghaul, type LonghaulProcess } from './longhaulProcess.js';
import { connect } from './page.js';
import type { SshdInfo } from './sshd.js';

export interface De1Page {
  readonly page: Page;
  readonly longhaul: LonghaulProcess;
  readonly browser: Browser;
  /** Closes the browser, stops longhaul and removes its data dir. */
  close(): Promise<void>;
}

export interface De1PageOptions {
  /** Where de1 is reached (a delay proxy in front of the test sshd); the sshd itself by default. */
  port?: number;
  /** More of the ssh config longhaul reads, after de1's Host lines (other aliases, patterns). */
  moreConfig?: string;
}

/** `name` tells the temporary data dirs apart when a run leaves one behind. */
export async function openDe1Page(sshd: SshdInfo, name: string, options: De1PageOptions = {}): Promise<De1Page> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `longhaul-e2e-${name}-`));
  const args = de1Args(work, sshd, options.port ?? sshd.port);
  if (options.moreConfig) fs.appendFileSync(path.join(work, 'config'), options.moreConfig);
  const longhaul = await startLonghaul(args, { HOME: work });
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await longhaul.stop();
    fs.rmSync(work, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    await page.goto(longhaul.url);
    await connect(page, 'de1');
    await page.waitForFunction(() => window.longhaul.screen().lines.some((line) => /\$ ?$/.test(line)), null, { timeout: 20_000 });
    return { page, longhaul, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}
