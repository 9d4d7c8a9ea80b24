// Reopening a closed session from history: the text written into a fresh terminal before its new shell starts.

/** What a tab needs to show a closed session's past above a new shell. */
export interface HistoryRestore {
  /** Its entry in the history, so a reloaded tab can show it again above its new shell. */
  id?: number;
  /** The session's raw recent output, escape sequences kept. */
  scrollback: string;
  /** When it was closed (ms since 1970). */
  closedAt: number;
  /** The live session it was, to bring back what the tab on it was set to (half-duplex). */
  liveSessionId?: string | undefined;
}

/** "14:32" for today; "3 Mar 14:32" for another day (local time). */
export function closedAtText(closedAt: number, now: Date = new Date()): string {
  const when = new Date(closedAt);
  const time = `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  if (when.toDateString() === now.toDateString()) return time;
  return `${when.getDate()} ${when.toLocaleString('en', { month: 'short' })} ${time}`;
}

/** How long a session ran: "ran 35 s", "ran 42 min", "ran 3 h 5 min"; empty when its start is not known. */
export function ranForText(startedAt: number | undefined, closedAt: number): string {
  if (startedAt === undefined || closedAt < startedAt) return '';
  const seconds = Math.round((closedAt - startedAt) / 1000);
  if (seconds < 60) return `ran ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `ran ${minutes} min`;
  return `ran ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** What a History entry says after its name: target, when it closed and after how long, and why. */
export function historyEntryText(entry: { title: string; target: string; startedAt?: number; closedAt: number; endMessage?: string }, now: Date = new Date()): string {
  const ran = ranForText(entry.startedAt, entry.closedAt);
  const target = entry.title === entry.target ? '' : ` · ${entry.target}`;
  return `${target} · closed at ${closedAtText(entry.closedAt, now)}${ran ? `, ${ran}` : ''}${entry.endMessage ? ` (${entry.endMessage})` : ''}`;
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
