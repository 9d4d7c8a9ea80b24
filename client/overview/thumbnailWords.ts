// What a thumbnail says about its tab: the host it is on, its state in words, and the tabs grouped by host.
import type { TabState } from '../tabs/tabState.js';

/** The host part of what the user typed: `alice@de1:2222` and `de1` are both on `de1`. */
export function hostOf(target: string): string {
  const host = target.slice(target.lastIndexOf('@') + 1).trim();
  // A bracketed IPv6 address keeps its colons; otherwise a trailing :port is not part of the host.
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  return host.replace(/:\d+$/, '') || target;
}

export interface ThumbnailStateInput {
  readonly state: TabState;
  /** How long the host has been silent, while it is. */
  readonly silentForMs: number | null;
  /** The transport is trying to reach longhaul again. */
  readonly reconnecting: boolean;
}

/** "ready", "reconnecting", "host silent for 12 s", "ended": what the tab is doing, as a person would say it. */
export function stateInWords({ state, silentForMs, reconnecting }: ThumbnailStateInput): string {
  switch (state) {
    case 'launcher':
      return 'new tab';
    case 'connecting':
      return reconnecting ? 'reconnecting' : 'connecting';
    case 'host-key':
      return 'asks to trust a host key';
    case 'prompt':
      return 'asks for a password';
    case 'closed':
      return 'ended';
    case 'ready':
      if (reconnecting) return 'reconnecting';
      if (silentForMs !== null) return `host silent for ${Math.max(1, Math.round(silentForMs / 1000))} s`;
      return 'ready';
  }
}

export interface HostGroup<T> {
  readonly host: string;
  readonly items: T[];
}

/** Tabs grouped by host, hosts in the order their first tab has in the strip, tabs in strip order within each. */
export function groupByHost<T>(items: readonly T[], hostOfItem: (item: T) => string): HostGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const host = hostOfItem(item);
    const group = groups.get(host);
    if (group) group.push(item);
    else groups.set(host, [item]);
  }
  return [...groups].map(([host, grouped]) => ({ host, items: grouped }));
}
