// How the page names a place on a tab's host to the bridge: the tab's target, the path, and the saved session the tab came from (so the bridge logs in the way the tab did).

/** The tab a transfer is for: its host as typed, and its saved session, if any. */
export interface TabHost {
  readonly target: string;
  readonly savedSessionId: string | undefined;
}

/** The query for `path` on `tab`'s host, as /api/files, /api/folders and /api/files/list take it. */
export function hostQuery(tab: TabHost, path: string, more: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ target: tab.target, path, ...(tab.savedSessionId ? { saved: tab.savedSessionId } : {}), ...more });
}
