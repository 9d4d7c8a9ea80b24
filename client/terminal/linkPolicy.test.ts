import { describe, expect, it } from 'vitest';
import { decideLink, isPrivateHost, reasonSentence } from './linkPolicy.js';

const PAGE = 'http://127.0.0.1:8022';

describe('decideLink', () => {
  it('opens a link at once when it reads as where it goes, on the internet', () => {
    expect(decideLink('https://example.com/notes', 'https://example.com/notes', PAGE)).toEqual({ kind: 'open', url: 'https://example.com/notes' });
    // The browser's normal form of the same address is the same link.
    expect(decideLink('https://example.com', 'https://example.com', PAGE)).toEqual({ kind: 'open', url: 'https://example.com/' });
    expect(decideLink('https://EXAMPLE.com/a', 'https://example.com/a', PAGE).kind).toBe('open');
  });

  it('asks first when the text differs from where the link goes', () => {
    expect(decideLink('https://example.com/x', 'release notes', PAGE)).toEqual({
      kind: 'ask',
      url: 'https://example.com/x',
      host: 'example.com',
      reasons: ['text-differs'],
    });
    expect(decideLink('https://evil.example/', 'https://example.com/', PAGE)).toMatchObject({ kind: 'ask', reasons: ['text-differs'] });
  });

  it('asks first for a loopback or private address, however it is spelled', () => {
    for (const target of [
      'http://127.0.0.1:9000/x',
      'http://127.1.2.3/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0.0.0.0:8080/',
      'http://localhost/',
      'http://LOCALHOST./',
      'http://api.localhost/',
      'http://[::1]:8000/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd12:3456::1]/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
    ]) {
      expect(decideLink(target, target, PAGE), target).toMatchObject({ kind: 'ask', reasons: ['private-address'] });
    }
  });

  it('does not treat public addresses next to private ranges as private', () => {
    for (const target of ['http://172.32.0.1/', 'http://172.15.0.1/', 'http://11.0.0.1/', 'http://192.169.0.1/', 'http://[2001:db8::1]/', 'http://localhost.example.com/']) {
      expect(decideLink(target, target, PAGE), target).toMatchObject({ kind: 'open' });
    }
  });

  it("asks first for longhaul's own pages, and gives every reason that applies", () => {
    expect(decideLink(`${PAGE}/api/sessions/live`, `${PAGE}/api/sessions/live`, PAGE)).toMatchObject({ kind: 'ask', reasons: ['longhaul'] });
    expect(decideLink('https://longhaul.lan:8443/x', 'docs', 'https://longhaul.lan:8443')).toMatchObject({
      kind: 'ask',
      reasons: ['text-differs', 'longhaul'],
    });
    expect(decideLink('http://127.0.0.1:9000/x', 'release notes', PAGE)).toMatchObject({
      kind: 'ask',
      host: '127.0.0.1:9000',
      reasons: ['text-differs', 'private-address'],
    });
  });

  it('refuses anything but http and https, with a sentence', () => {
    for (const target of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>hi', 'ssh://de1']) {
      const decision = decideLink(target, target, PAGE);
      expect(decision.kind, target).toBe('refuse');
      if (decision.kind === 'refuse') expect(decision.message).toMatch(/^longhaul opens only http and https links; it did not open this \w+ link: /);
    }
    expect(decideLink('not a url', 'x', PAGE)).toEqual({ kind: 'refuse', message: 'longhaul did not open this link: "not a url" is not a web address.' });
  });
});

describe('isPrivateHost', () => {
  it('asks rather than opens an IPv6 address it cannot read', () => {
    expect(isPrivateHost('[1:2:3]')).toBe(true);
  });
});

describe('reasonSentence', () => {
  it('says what is odd about the link in words', () => {
    expect(reasonSentence('text-differs', 'release notes', '127.0.0.1:9000')).toBe('The link reads “release notes”, but it goes somewhere else.');
    expect(reasonSentence('private-address', 'x', '127.0.0.1:9000')).toContain('127.0.0.1:9000, on this computer or your private network');
  });
});
