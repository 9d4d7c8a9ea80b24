// window.longhaul: what tests and users' scripts read from the page (tabs, the screen as text, the scrollback).
import type { TabInfo } from './app.js';
import type { ScreenSnapshot } from './terminal/screenSnapshot.js';

export type { TabInfo } from './app.js';
export type { ScreenSnapshot } from './terminal/screenSnapshot.js';

export interface LonghaulAutomation {
  /** Every tab in strip order. */
  tabs(): TabInfo[];
  /** The visible rows of a tab (default: the active one) exactly as a person sees them now. */
  screen(tabId?: string): ScreenSnapshot;
  /** Every line of a tab's scrollback and screen, oldest first. */
  buffer(tabId?: string): string[];
}

declare global {
  interface Window {
    longhaul: LonghaulAutomation;
  }
}

export interface AutomationSource {
  tabInfo(): TabInfo[];
  screen(tabId?: string): ScreenSnapshot;
  buffer(tabId?: string): string[];
}

export function installAutomation(source: AutomationSource): void {
  // Plain copies out, nothing live in: a script can read the page but not reach into it.
  window.longhaul = Object.freeze({
    tabs: () => source.tabInfo(),
    screen: (tabId?: string) => source.screen(tabId),
    buffer: (tabId?: string) => source.buffer(tabId),
  });
}
