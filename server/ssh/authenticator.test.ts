import { describe, expect, it } from 'vitest';
import { hostQuestion, typedHost, userAtHost } from './authenticator.js';

describe('userAtHost', () => {
  it('puts the user in front of what was typed', () => {
    expect(userAtHost({ label: 'de1', user: 'alice' })).toBe('alice@de1');
  });
  it('keeps a user that was typed, instead of doubling it', () => {
    expect(userAtHost({ label: 'root@de1', user: 'root' })).toBe('root@de1');
    expect(userAtHost({ label: 'root@de1:2222', user: 'root' })).toBe('root@de1:2222');
  });
});

describe('typedHost', () => {
  it('is the host as typed, without its user', () => {
    expect(typedHost({ label: 'de1' })).toBe('de1');
    expect(typedHost({ label: 'root@de1' })).toBe('de1');
    expect(typedHost({ label: 'alice@[::1]:2222' })).toBe('[::1]:2222');
  });
});

describe('hostQuestion', () => {
  it("names the host by what the user typed, and keeps the host's words apart from the title", () => {
    const question = hostQuestion({ label: 'root@de1' }, 'Passphrase for /root/.ssh/id_ed25519', 'The key is encrypted.', [
      { prompt: "Enter passphrase for key '/root/.ssh/id_ed25519':", echo: false },
    ]);
    expect(question).toEqual({
      kind: 'keyboard-interactive',
      title: 'de1 asks:',
      hostName: 'Passphrase for /root/.ssh/id_ed25519',
      instructions: 'The key is encrypted.',
      prompts: [{ text: "Enter passphrase for key '/root/.ssh/id_ed25519':", echo: false }],
    });
  });
});
