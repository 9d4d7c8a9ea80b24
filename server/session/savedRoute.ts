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

/**
 * A saved session asks for one key file, but the tab rides on a connection another tab already logged in (same
 * user@host:port): the key is not used at all. If it does not even exist, say so, or the login looks like it worked.
 */
export function missingKeyFileNote(keyFile: string | undefined, keyFileExists: boolean, targetLabel: string): string | undefined {
  if (keyFile === undefined || keyFileExists) return undefined;
  return `Key file ${keyFile} not found; using the existing login to ${targetLabel}.`;
}
