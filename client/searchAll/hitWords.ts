// How a hit names its session in words: label, host, and live or closed with when.
import type { SearchHit } from '../../shared/search.js';

/** "closed 12 min ago", "closed 3 h ago", "live, started just now": a list that is read, not a log, so coarse. */
export function whenWords(session: SearchHit['session'], now: number): string {
  const state = session.state === 'live' ? 'live' : 'closed';
  if (session.at === undefined) return state;
  const minutes = Math.max(0, Math.floor((now - session.at) / 60_000));
  const ago = minutes === 0 ? 'just now' : minutes < 120 ? `${minutes} min ago` : minutes < 48 * 60 ? `${Math.floor(minutes / 60)} h ago` : `${Math.floor(minutes / 1440)} days ago`;
  return session.state === 'live' ? `live, started ${ago}` : `closed ${ago}`;
}

/** The label, and the host when the label is not already it. */
export function sessionWords(session: SearchHit['session']): string {
  return session.label === session.target ? session.target : `${session.label} (${session.target})`;
}
