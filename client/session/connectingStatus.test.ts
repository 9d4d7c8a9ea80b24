import { describe, expect, it } from 'vitest';
import { waitingInTabSentence } from './connectingStatus.js';

describe('waitingInTabSentence', () => {
  const tab = { number: 2, show: () => {} };
  it('names the tab asking, and what it asks', () => {
    expect(waitingInTabSentence('pw1', tab, 'password')).toBe('Waiting for the login to pw1 in tab 2 (it is asking for a password).');
    expect(waitingInTabSentence('pw1', tab, 'host-key')).toBe('Waiting for the login to pw1 in tab 2 (it is asking to trust the host key).');
    expect(waitingInTabSentence('pw1', tab, 'login')).toBe('Waiting for the login to pw1 in tab 2.');
  });
});
