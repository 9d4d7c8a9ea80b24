// Which of longhaul's live shells a new tab offers: recently closed tabs whose shells still run, and shells that
// no window shows (their browser tab was closed, or crashed), so none is left running unseen.
import type { LiveSessionSummary } from '../../shared/savedSessions.js';
import type { ClosedTab } from './tabMemory.js';

/** The recently closed tabs whose shells longhaul still runs; the others are in History by now. */
export function stillRunning(closed: readonly ClosedTab[], live: readonly LiveSessionSummary[]): ClosedTab[] {
  const ids = new Set(live.map((session) => session.id));
  return closed.filter((tab) => ids.has(tab.sessionId));
}

/**
 * Live shells no window shows and this page does not already offer (as one of its tabs, or a recently closed
 * one): the most recently let go first.
 */
export function unshownShells(live: readonly LiveSessionSummary[], heldHere: ReadonlySet<string>): LiveSessionSummary[] {
  return live
    .filter((session) => !session.attached && !heldHere.has(session.id))
    .sort((a, b) => (b.detachedAt ?? b.startedAt) - (a.detachedAt ?? a.startedAt));
}

export function runningHeading(count: number): string {
  return `Running on longhaul: ${count} ${count === 1 ? 'shell' : 'shells'}, no window shows ${count === 1 ? 'it' : 'them'} — click to attach`;
}

/** "12 s", "5 min", "3 h 20 min", "2 days": how long a shell has run. */
export function ageText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
