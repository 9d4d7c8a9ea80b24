// The pure decisions behind web access: where a login redirects, which Host is ours, what a log line shows, cookies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostAllowed, hostName } from './hostCheck.js';
import { redactUrl } from './redact.js';
import { readCookie, signedOutCookie, signInCookie, signInCookieName } from './signInCookie.js';
import { readTokenFile } from './token.js';
import { originAllowed, pathAfterLogin } from './webAuth.js';

describe('pathAfterLogin', () => {
  it.each([
    ['/?token=T', '/'],
    ['/index.html?a=1&token=T&b=2', '/index.html?a=1&b=2'],
    ['/?%74oken=T', '/'],
    ['/?login=L', '/'],
    ['/.//evil.example/?token=T', '/evil.example/'],
    ['//evil.example/?token=T', '/evil.example/'],
    ['/\\evil.example/?token=T', '/evil.example/'],
    ['/\\\\evil.example', '/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/\t/evil.example', '/evil.example'],
    ['http://evil.example/x?token=T', '/http://evil.example/x'],
    ['*', '/*'],
  ])('%j → %j, never another site', (url, expected) => {
    const location = pathAfterLogin(url);
    expect(location).toBe(expected);
    expect(new URL(location, 'http://127.0.0.1:8022').origin).toBe('http://127.0.0.1:8022');
  });
});

describe('hostAllowed', () => {
  const loopback = { listenHost: '127.0.0.1' };
  it.each(['127.0.0.1:8022', '127.0.0.1', 'localhost:8022', 'LOCALHOST', '[::1]:8022', '127.0.0.2:1', '127.1:8022'])('on loopback answers %s', (host) => {
    expect(hostAllowed(host, loopback)).toBe(true);
  });
  it.each([undefined, '', 'evil.example', 'evil.example:8022', '127.0.0.1.evil.example', '192.168.1.5:8022', 'a@127.0.0.1', '127.0.0.1/x', 'local host'])(
    'on loopback refuses %j',
    (host) => {
      expect(hostAllowed(host, loopback)).toBe(false);
    },
  );
  it('answers names given with --allow-host, in any case', () => {
    expect(hostAllowed('Longhaul.Example.com:443', { ...loopback, allowHosts: ['longhaul.example.com'] })).toBe(true);
    expect(hostAllowed('other.example.com:443', { ...loopback, allowHosts: ['longhaul.example.com'] })).toBe(false);
  });
  it('on one address answers that address only', () => {
    expect(hostAllowed('192.168.1.5:8022', { listenHost: '192.168.1.5' })).toBe(true);
    expect(hostAllowed('192.168.1.6:8022', { listenHost: '192.168.1.5' })).toBe(false);
    expect(hostAllowed('localhost:8022', { listenHost: '192.168.1.5' })).toBe(false);
    expect(hostAllowed('[fd00::5]:8022', { listenHost: 'fd00::5' })).toBe(true);
  });
  it('on every interface answers any address, never a name', () => {
    expect(hostAllowed('192.168.1.5:8022', { listenHost: '0.0.0.0' })).toBe(true);
    expect(hostAllowed('[fd00::5]:8022', { listenHost: '::' })).toBe(true);
    expect(hostAllowed('evil.example:8022', { listenHost: '0.0.0.0' })).toBe(false);
  });
  it('reads the name of a Host header', () => {
    expect(hostName('[::1]:8022')).toBe('::1');
    expect(hostName('Example.COM')).toBe('example.com');
    expect(hostName('a b')).toBeUndefined();
  });
});

describe('redactUrl', () => {
  const T = 'secret-token-0123456789';
  it.each([
    [`/?token=${T}&x=1`, '/?token=[redacted]&x=1'],
    [`/?%74oken=${T}`, '/?%74oken=[redacted]'],
    [`/?%74%6F%6B%65%6E=${T}`, '/?%74%6F%6B%65%6E=[redacted]'],
    [`/?TOKEN=${T}`, '/?TOKEN=[redacted]'],
    [`/?x=%E0%A4%A&ToKeN=${T}`, '/?x=%E0%A4%A&ToKeN=[redacted]'],
    [`/?login=L1#frag`, '/?login=[redacted]#frag'],
    ['/plain/path', '/plain/path'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url, [T])).toBe(expected);
  });
  it('hides the whole address when the token sits anywhere else in it', () => {
    expect(redactUrl(`/x/${T}`, [T])).toBe('[redacted]');
    expect(redactUrl(`/?other=${encodeURIComponent(T).replace(/s/g, '%73')}`, [T])).toBe('[redacted]');
  });
});

describe('the sign-in cookie', () => {
  it('is HttpOnly, SameSite=Strict and for the whole site; over TLS also Secure with the __Host- prefix', () => {
    const plain = signInCookie(signInCookieName('t'.repeat(20), false), 'CRED', false);
    expect(plain).toMatch(/^longhaul_[0-9a-f]{12}=CRED; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
    const tls = signInCookie(signInCookieName('t'.repeat(20), true), 'CRED', true);
    expect(tls).toMatch(/^__Host-longhaul_[0-9a-f]{12}=CRED; HttpOnly; SameSite=Strict; Path=\/; Secure; Max-Age=\d+$/);
    expect(tls).not.toMatch(/Domain/i);
    expect(signedOutCookie('__Host-x', true)).toBe('__Host-x=; HttpOnly; SameSite=Strict; Path=/; Secure; Max-Age=0');
  });
  it('is read from a Cookie header, and a malformed one is no cookie', () => {
    expect(readCookie('a=1; longhaul_x=abc; b=2', 'longhaul_x')).toBe('abc');
    expect(readCookie('longhaul_x=%E0%A4%A', 'longhaul_x')).toBeUndefined();
    expect(readCookie(undefined, 'longhaul_x')).toBeUndefined();
    expect(readCookie('=x; longhaul_x', 'longhaul_x')).toBeUndefined();
  });
});

describe('originAllowed', () => {
  it('takes an absent Origin (not a browser), and only the same host:port otherwise', () => {
    expect(originAllowed(undefined, '127.0.0.1:8022')).toBe(true);
    expect(originAllowed('http://127.0.0.1:8022', '127.0.0.1:8022')).toBe(true);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:8022')).toBe(false);
    expect(originAllowed('null', '127.0.0.1:8022')).toBe(false);
  });
});

describe('readTokenFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-token-file-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string, mode = 0o600) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  };
  it('reads the token, without the line end', () => {
    expect(readTokenFile(write('good', 'a-token-of-enough-length\n'))).toBe('a-token-of-enough-length');
  });
  it.each([
    ['open', 'a-token-of-enough-length\n', 0o644, /can be read or changed by other users \(mode 644\); make it yours alone with chmod 600 /],
    ['empty', '\n', 0o600, /is empty; put the token in it/],
    ['short', 'short\n', 0o600, /must be at least 16 characters/],
    ['two', 'a-token-of-enough-length\nanother-line-here\n', 0o600, /must hold the token alone, on one line/],
  ])('refuses a file that is %s with a sentence', (name, text, mode, message) => {
    expect(() => readTokenFile(write(name, text, mode))).toThrow(message);
  });
  it('says when it cannot read the file', () => {
    expect(() => readTokenFile(path.join(dir, 'missing'))).toThrow(/^cannot read .*missing$/);
    expect(() => readTokenFile(dir)).toThrow(/is not a file/);
  });
});
