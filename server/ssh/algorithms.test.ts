import { describe, expect, it } from 'vitest';
import { algorithmsFor, applyDirective, DEFAULT_HOST_KEY_ALGORITHMS, DEFAULT_MACS, noCommonAlgorithmSentence } from './algorithms.js';
import { TargetError } from './target.js';

describe('algorithmsFor', () => {
  it('offers no SHA-1 host key or MAC by default', () => {
    const lists = algorithmsFor(undefined, 'de1');
    expect(lists.hostKey).toEqual(DEFAULT_HOST_KEY_ALGORITHMS);
    expect(lists.hostKey).not.toContain('ssh-rsa');
    expect(lists.mac).toEqual(DEFAULT_MACS);
    expect(lists.mac.some((m) => m.includes('sha1'))).toBe(false);
  });

  it('adds them when the config asks with +', () => {
    const lists = algorithmsFor({ hostKeyAlgorithms: '+ssh-rsa', macs: '+hmac-sha1,hmac-sha1-etm@openssh.com' }, 'de1');
    expect(lists.hostKey).toEqual([...DEFAULT_HOST_KEY_ALGORITHMS, 'ssh-rsa']);
    expect(lists.mac).toEqual([...DEFAULT_MACS, 'hmac-sha1', 'hmac-sha1-etm@openssh.com']);
  });
});

describe('applyDirective (OpenSSH list syntax)', () => {
  const defaults = ['a', 'b-1', 'b-2'];
  const supported = [...defaults, 'c', 'd'];
  it.each([
    [undefined, ['a', 'b-1', 'b-2']],
    ['+c,zzz', ['a', 'b-1', 'b-2', 'c']],
    ['^d,b-2', ['d', 'b-2', 'a', 'b-1']],
    ['-b-*', ['a']],
    ['d,c,unknown', ['d', 'c']],
  ])('%s', (value, expected) => {
    expect(applyDirective(defaults, supported, value, 'MACs', 'de1')).toEqual(expected);
  });

  it('refuses a line that leaves nothing usable, with a sentence', () => {
    expect(() => applyDirective(defaults, supported, 'unknown', 'MACs', 'de1')).toThrow(TargetError);
    expect(() => applyDirective(defaults, supported, '-*', 'MACs', 'de1')).toThrow(/leaves no algorithm/);
  });
});

describe('noCommonAlgorithmSentence', () => {
  it('explains a host that offers only SHA-1, and how to allow it', () => {
    expect(noCommonAlgorithmSentence('Handshake failed: no matching host key format', 'old1')).toMatch(/HostKeyAlgorithms \+ssh-rsa" under "Host old1"/);
    expect(noCommonAlgorithmSentence('Handshake failed: no matching C->S MAC', 'old1')).toMatch(/MACs \+hmac-sha1" under "Host old1"/);
    expect(noCommonAlgorithmSentence('Handshake failed: no matching key exchange algorithm', 'old1')).toBeUndefined();
  });
});
