// What a login in progress is asking its tab for, so other tabs waiting on the same connection can say so.
import type { ConnectUi } from './connectTarget.js';

/** A question the connecting tab is showing: a host key to trust, or a secret to type. */
export type LoginQuestion = 'host-key' | 'password' | 'passphrase' | 'keyboard-interactive';

const ASKING: Record<LoginQuestion, string> = {
  'host-key': 'to trust the host key',
  password: 'for a password',
  passphrase: 'for a key passphrase',
  'keyboard-interactive': 'for an answer from the host',
};

/** The line a tab shows while another tab's login to the same place is under way. */
export function waitingForLoginSentence(label: string, asking: LoginQuestion | undefined): string {
  return `Waiting for the login to ${label} in another tab${asking ? ` (it is asking ${ASKING[asking]})` : ''}.`;
}

export class LoginWatch {
  private question: LoginQuestion | undefined;
  private readonly listeners = new Set<(asking: LoginQuestion | undefined) => void>();

  get asking(): LoginQuestion | undefined {
    return this.question;
  }

  /** The connecting tab's ui, with its questions noted here while they are open. */
  watch(ui: ConnectUi): ConnectUi {
    return {
      ...ui,
      askHostKey: (question) => this.during('host-key', () => ui.askHostKey(question)),
      askSecrets: (request) => this.during(request.kind, () => ui.askSecrets(request)),
    };
  }

  /** Called now and whenever the question changes; returns the unsubscribe. */
  follow(listener: (asking: LoginQuestion | undefined) => void): () => void {
    this.listeners.add(listener);
    listener(this.question);
    return () => this.listeners.delete(listener);
  }

  private async during<T>(question: LoginQuestion, ask: () => Promise<T>): Promise<T> {
    this.set(question);
    try {
      return await ask();
    } finally {
      this.set(undefined);
    }
  }

  private set(question: LoginQuestion | undefined): void {
    this.question = question;
    for (const listener of this.listeners) listener(question);
  }
}
