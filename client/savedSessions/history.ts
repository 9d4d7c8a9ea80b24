// Reopening a closed session from history: the text written into a fresh terminal before its new shell starts.

/** What a tab needs to show a closed session's past above a new shell. */
export interface HistoryRestore {
  /** Its entry in the history, so a reloaded tab can show it again above its new shell. */
  id?: number;
  /** The session's raw recent output, escape sequences kept. */
  scrollback: string;
  /** When it was closed (ms since 1970). */
  closedAt: number;
}

/** "14:32" for today; "3 Mar 14:32" for another day (local time). */
export function closedAtText(closedAt: number, now: Date = new Date()): string {
  const when = new Date(closedAt);
  const time = `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  if (when.toDateString() === now.toDateString()) return time;
  return `${when.getDate()} ${when.toLocaleString('en', { month: 'short' })} ${time}`;
}

/** The dim line between a closed session's scrollback and the new shell, sized like the reconnect divider. */
export function historyDivider(closedAt: number, cols: number, now: Date = new Date()): string {
  const label = ` closed at ${closedAtText(closedAt, now)} · new shell `;
  const side = Math.max(2, Math.floor((Math.min(cols, 100) - label.length) / 2));
  return '─'.repeat(side) + label + '─'.repeat(side);
}

/** Whether a list entry in history belongs to a live session a tab was attached to. */
export function historyEntryFor<T extends { liveSessionId?: string }>(history: readonly T[], liveSessionId: string): T | undefined {
  return history.find((entry) => entry.liveSessionId === liveSessionId);
}
