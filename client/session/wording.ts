// The sentences a tab shows about its session, in one place so they stay consistent.
import type { ClosedReason, ConnectPhase } from '../../shared/protocol.js';
import type { LinkTrouble } from '../transport/transport.js';

/** What the tab says while it connects; `phase` is undefined until the bridge reports one. */
export function connectingHeadline(target: string, phase?: ConnectPhase): string {
  switch (phase) {
    case undefined:
    case 'connecting':
      return `Connecting to ${target}…`;
    case 'resolving':
      return `Looking up ${target}…`;
    case 'handshake':
      return `Securing the connection to ${target}…`;
    case 'authenticating':
      return 'Authenticating…';
    case 'opening-shell':
      return `Opening a shell on ${target}…`;
  }
}

export type NoticeTone = 'info' | 'warning' | 'danger';

/** How loudly to say that a session ended: a changed host key may be an attack, an exit is routine. */
export function closedTone(reason: ClosedReason): NoticeTone {
  switch (reason) {
    case 'host-key-changed':
      return 'danger';
    case 'host-key-unknown':
    case 'auth-failed':
    case 'connect-failed':
    case 'bad-target':
    case 'host-closed':
    case 'error':
      return 'warning';
    case 'exit':
    case 'user':
    case 'gone':
    case 'host-key-rejected':
      return 'info';
  }
}

/** A heading above the bridge's message, for the endings that deserve one. */
export function closedHeading(reason: ClosedReason): string | undefined {
  if (reason === 'host-key-changed') return 'Host key changed — connection refused';
  if (reason === 'host-key-unknown') return 'Unknown host key — connection refused';
  return undefined;
}

export const CONNECTION_LOST = 'Connection to longhaul lost';

export function connectionLostMessage(reason: string): string {
  return reason ? `${CONNECTION_LOST} (${reason}).` : `${CONNECTION_LOST}.`;
}

/**
 * While the transport waits to reconnect, only what is known: the link dropped, or nothing answers at
 * longhaul's address. Whether the shell still runs is not known from here (longhaul may have stopped).
 */
export function reconnectingMessage(inMs: number, trouble: LinkTrouble = 'dropped'): string {
  const seconds = Math.max(1, Math.round(inMs / 1000));
  if (trouble === 'unreachable') return `longhaul cannot be reached — retrying in ${seconds} s. If it has stopped, start it again.`;
  if (trouble === 'signed-out') {
    return 'longhaul no longer knows this browser (it was restarted, or signed out everywhere). Open the address it printed (it ends in ?token=…) in this tab to sign in again; the tabs come back.';
  }
  return `${CONNECTION_LOST} — reconnecting in ${seconds} s.`;
}

/** The dim line written into the terminal before a reconnect, so old and new output stay apart. */
export function reconnectDivider(target: string, cols: number, now: Date): string {
  const time = now.toTimeString().slice(0, 5);
  const label = ` reconnecting to ${target} · ${time} `;
  const side = Math.max(2, Math.floor((Math.min(cols, 100) - label.length) / 2));
  return '─'.repeat(side) + label + '─'.repeat(side);
}
