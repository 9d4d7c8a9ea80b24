// Logging in for work nobody watches (a run, a file transfer): no question is asked, and a refusal says why in a sentence.
import type { ConnectUi, HostKeyQuestion } from './connectTarget.js';

/** How the work is named in its sentences. */
export interface UnattendedWords {
  /** "a run", "a transfer": what never trusts a key on its own. */
  what: string;
  /** "run the command on", "reach": what could not be done, before the target's name. */
  couldNot: string;
  /** What to do again once the key is trusted: "run again". */
  again: string;
}

/**
 * Nobody is asked anything: a host key not known yet is refused (never trusted on its own), and a login that wants a
 * typed password or passphrase fails. Each says so in a sentence, rather than as a plain refusal. `loggedIn` is told
 * once the target itself is logged in to (not a ProxyJump hop on the way), or a logged-in connection was taken.
 */
export function unattendedLogin(target: string, words: UnattendedWords, loggedIn: () => void = () => {}) {
  let unknownKey: HostKeyQuestion | undefined;
  let wantedSecret = false;
  const ui: ConnectUi = {
    phase: () => {},
    mark: (step, detail) => {
      if ((step === 'authenticated' && detail === target) || step === 'reused-connection') loggedIn();
    },
    askHostKey: async (question) => {
      unknownKey = question;
      return false;
    },
    askSecrets: async () => {
      wantedSecret = true;
      return null;
    },
  };
  return {
    ui,
    sentence(error: unknown): string {
      if (unknownKey) {
        return (
          `The host key of ${unknownKey.target} (${unknownKey.hostId}, ${unknownKey.keyType} ${unknownKey.fingerprint}) is not known yet, and ${words.what} never trusts a key on its own. ` +
          `Open a tab to ${target} once, check the fingerprint and trust it, then ${words.again}.`
        );
      }
      if (wantedSecret) {
        return (
          `${target} wants a password or a key's passphrase typed in, and ${words.what} logs in only with the SSH agent or keys without a passphrase. ` +
          'Add the key to the agent (ssh-add), or open a tab to it instead.'
        );
      }
      const message = error instanceof Error ? error.message : String(error);
      return /[.!?]$/.test(message) ? message : `Could not ${words.couldNot} ${target}: ${message}.`;
    },
  };
}
