// How a saved session's settings change the way its target is reached.
import type { SavedSession } from '../../shared/savedSessions.js';
import type { RouteOverrides } from './connectTarget.js';

/**
 * `agent` keeps OpenSSH's usual order (agent, then key files, then password), so a saved session behaves like
 * `ssh de1`; `key-file` offers only that key; `password` offers no key and goes straight to the prompts.
 * A simulated round trip, when set, replaces --simulate-rtt for the session's tabs.
 */
export function routeOverridesFor(saved: Pick<SavedSession, 'auth' | 'keyFile' | 'jumpHost' | 'simulatedRttMs'>): RouteOverrides {
  return {
    ...(saved.auth === 'key-file' && saved.keyFile ? { keyFile: saved.keyFile } : {}),
    ...(saved.auth === 'password' ? { passwordOnly: true } : {}),
    ...(saved.jumpHost ? { jumpHost: saved.jumpHost } : {}),
    // 0 is kept: it turns --simulate-rtt off for this session.
    ...(saved.simulatedRttMs !== undefined ? { simulatedRttMs: saved.simulatedRttMs } : {}),
  };
}

/** What a saved session decides about its tabs' shells, beyond the route. */
export interface SavedShellSettings {
  overrides: RouteOverrides;
  /** False: shells on a pty even where durable shells are on. */
  durable: boolean;
  /** A durable shell whose tab was closed stays on the host after --keep-closed instead of ending. */
  keepRunningWhenClosed: boolean;
}

export function shellSettingsFor(saved: SavedSession): SavedShellSettings {
  return { overrides: routeOverridesFor(saved), durable: saved.durable !== 'off', keepRunningWhenClosed: saved.keepRunningWhenClosed };
}

/**
 * A saved session asks for one key file, but the tab rides on a connection another tab already logged in (same
 * user@host:port): the key is not used at all. If it does not even exist, say so, or the login looks like it worked.
 */
export function missingKeyFileNote(keyFile: string | undefined, keyFileExists: boolean, targetLabel: string): string | undefined {
  if (keyFile === undefined || keyFileExists) return undefined;
  return `Key file ${keyFile} not found; using the existing login to ${targetLabel}.`;
}
