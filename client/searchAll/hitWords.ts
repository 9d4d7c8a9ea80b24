// How a hit names what it was found in, in words: a session's label, host, live or closed with when; a run's command and host.
import type { RunSearchHit, SearchHit } from '../../shared/search.js';

/** "12 min ago", "3 h ago", "just now": a list that is read, not a log, so coarse. */
function agoWords(at: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - at) / 60_000));
  return minutes === 0 ? 'just now' : minutes < 120 ? `${minutes} min ago` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)} h ago` : `${Math.floor(minutes / 1440)} days ago`;
}

/** "closed 12 min ago", "live, started just now". */
export function whenWords(session: SearchHit['session'], now: number): string {
  const state = session.state === 'live' ? 'live' : 'closed';
  if (session.at === undefined) return state;
  const ago = agoWords(session.at, now);
  return session.state === 'live' ? `live, started ${ago}` : `closed ${ago}`;
}

/** The label, and the host when the label is not already it. */
export function sessionWords(session: SearchHit['session']): string {
  return session.label === session.target ? session.target : `${session.label} (${session.target})`;
}

/** "Run on group: `hostname` · isu01": the command on one line, the host whose output holds the match, and which stream when not stdout. */
export function runWords(hit: RunSearchHit): string {
  const command = `Run on group: \`${hit.run.command.replace(/\s+/g, ' ').trim()}\``;
  if (hit.target === undefined) return command;
  const where = hit.in === 'stderr' ? ' (stderr)' : hit.in === 'error' ? ' (could not run)' : '';
  return `${command} · ${hit.target}${where}`;
}

/** "ran 3 min ago". */
export function ranWords(hit: RunSearchHit, now: number): string {
  return `ran ${agoWords(hit.run.at, now)}`;
}
