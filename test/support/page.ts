// Reading and driving the longhaul page in end-to-end tests, through window.longhaul and the controls' accessible names.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Screen {
  lines: string[];
  cursor: { x: number; y: number };
  altScreen: boolean;
}

export const screenOf = (page: Page): Promise<Screen> => page.evaluate(() => window.longhaul.screen());
export const screenText = async (page: Page): Promise<string> => (await screenOf(page)).lines.join('\n');
export const tabsOf = (page: Page) => page.evaluate(() => window.longhaul.tabs());

export async function activeState(page: Page): Promise<string | undefined> {
  return (await tabsOf(page)).find((t) => t.active)?.state;
}

/** Wait until the visible screen matches, and return it. */
export async function waitForScreen(page: Page, pattern: RegExp, timeout = 15_000): Promise<string> {
  await expect.poll(() => screenText(page), { timeout, interval: 100 }).toMatch(pattern);
  return screenText(page);
}

/** Type a target into Connect to and press Enter, as a person does. */
export async function connect(page: Page, target: string): Promise<void> {
  const field = page.getByLabel('Connect to');
  await field.fill(target);
  await field.press('Enter');
}

/** Type a command line and press Enter. */
export async function typeCommand(page: Page, command: string): Promise<void> {
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

/** An ssh config naming a test sshd `de1`. */
export function de1ConfigText(port: number, user: string, identityFile: string): string {
  return `Host de1\n  HostName 127.0.0.1\n  Port ${port}\n  User ${user}\n  IdentityFile ${identityFile}\n`;
}
