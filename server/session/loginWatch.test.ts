import { describe, expect, it } from 'vitest';
import type { ConnectUi } from './connectTarget.js';
import { LoginWatch, waitingForLoginSentence, type LoginQuestion } from './loginWatch.js';

describe('waitingForLoginSentence', () => {
  it('says which question holds the other tab up', () => {
    expect(waitingForLoginSentence('de1', 'password')).toBe('Waiting for the login to de1 in another tab (it is asking for a password).');
    expect(waitingForLoginSentence('de1', 'host-key')).toBe('Waiting for the login to de1 in another tab (it is asking to trust the host key).');
    expect(waitingForLoginSentence('de1', undefined)).toBe('Waiting for the login to de1 in another tab.');
  });
});

describe('LoginWatch', () => {
  it('tells followers when a question opens and when it is answered', async () => {
    let answer: (value: string[] | null) => void = () => {};
    const ui: ConnectUi = {
      phase: () => {},
      mark: () => {},
      askHostKey: async () => true,
      askSecrets: () => new Promise((resolve) => (answer = resolve)),
    };
    const watch = new LoginWatch();
    const seen: (LoginQuestion | undefined)[] = [];
    watch.follow((asking) => seen.push(asking));
    const asked = watch.watch(ui).askSecrets({ kind: 'password', title: '', instructions: '', prompts: [] });
    expect(watch.asking).toBe('password');
    answer(['secret']);
    expect(await asked).toEqual(['secret']);
    expect(seen).toEqual([undefined, 'password', undefined]);
  });
});
