import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayKeyType, fingerprint, hostKeyAction, hostKeyAlgorithmOrder, judgeHostKey, presentedKey, type HostKeyVerdict } from './hostKey.js';
import { parseKnownHosts } from './knownHosts.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-hostkey-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeKey(name: string, type: 'ed25519' | 'ecdsa' | 'rsa'): { line: string; blob: Buffer; file: string } {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
  const line = fs.readFileSync(`${file}.pub`, 'utf8').trim();
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), file };
}

describe('fingerprints match ssh-keygen -lf', () => {
  it.each(['ed25519', 'ecdsa', 'rsa'] as const)('%s', (type) => {
    const key = makeKey(`fp-${type}`, type);
    const printed = execFileSync('ssh-keygen', ['-lf', `${key.file}.pub`], { encoding: 'utf8' });
    // e.g. "256 SHA256:abc… fp-ed25519 (ED25519)"
    const [, expectedFingerprint, , typeInParens] = printed.trim().split(' ');
    expect(fingerprint(key.blob)).toBe(expectedFingerprint);
    expect(`(${displayKeyType(presentedKey(key.blob).type)})`).toBe(typeInParens);
  });
});

describe('judgeHostKey', () => {
  const ed = makeKey('judge-ed', 'ed25519');
  const ed2 = makeKey('judge-ed2', 'ed25519');
  const ec = makeKey('judge-ec', 'ecdsa');
  const entries = (text: string) => parseKnownHosts(text, '/kh');

  it('trusts a matching key', () => {
    expect(judgeHostKey(presentedKey(ed.blob), entries(`de1 ${ed.line}`))).toEqual({ kind: 'known', file: '/kh' });
  });

  it('calls a different key of the same type changed, naming the line to remove', () => {
    expect(judgeHostKey(presentedKey(ed2.blob), entries(`# c\nde1 ${ed.line}`))).toEqual({
      kind: 'changed',
      file: '/kh',
      line: 2,
    });
  });

  it('asks when only keys of other types are known, and says which', () => {
    expect(judgeHostKey(presentedKey(ed.blob), entries(`de1 ${ec.line}`))).toEqual({
      kind: 'unknown',
      otherTypesKnown: ['ecdsa-sha2-nistp256'],
    });
  });

  it('refuses a revoked key even if also listed as known', () => {
    const verdict = judgeHostKey(presentedKey(ed.blob), entries(`de1 ${ed.line}\n@revoked * ${ed.line}`));
    expect(verdict.kind).toBe('revoked');
  });

  it('names the @cert-authority lines of a host it cannot otherwise check', () => {
    expect(judgeHostKey(presentedKey(ed.blob), entries(`@cert-authority *.example ${ec.line}`))).toEqual({
      kind: 'unknown',
      otherTypesKnown: [],
      certAuthorities: [{ file: '/kh', line: 1 }],
    });
  });

  it('asks when nothing is known', () => {
    expect(judgeHostKey(presentedKey(ed.blob), [])).toEqual({ kind: 'unknown', otherTypesKnown: [] });
  });
});

describe('hostKeyAlgorithmOrder', () => {
  it('puts known key types first, keeping the rest', () => {
    const order = hostKeyAlgorithmOrder(['ssh-rsa']);
    expect(order.slice(0, 2)).toEqual(['rsa-sha2-512', 'rsa-sha2-256']);
    expect(order).toContain('ssh-ed25519');
    expect(hostKeyAlgorithmOrder([])[0]).toBe('ssh-ed25519');
  });

  it('offers ssh-rsa (SHA-1) only when the list given says so', () => {
    expect(hostKeyAlgorithmOrder(['ssh-rsa'])).not.toContain('ssh-rsa');
    expect(hostKeyAlgorithmOrder(['ssh-rsa'], ['ssh-ed25519', 'rsa-sha2-256', 'ssh-rsa'])).toEqual(['rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
  });
});

describe('hostKeyAction (StrictHostKeyChecking)', () => {
  const unknown: HostKeyVerdict = { kind: 'unknown', otherTypesKnown: [] };
  const changed: HostKeyVerdict = { kind: 'changed', file: '/kh', line: 1 };
  const revoked: HostKeyVerdict = { kind: 'revoked', file: '/kh', line: 1 };
  const certOnly: HostKeyVerdict = { kind: 'unknown', otherTypesKnown: [], certAuthorities: [{ file: '/kh', line: 3 }] };

  it.each([
    ['ask', 'ask'],
    ['yes', 'refuse-unknown'],
    ['accept-new', 'remember'],
    ['no', 'remember'],
  ] as const)('an unknown key with %s: %s', (strict, action) => {
    expect(hostKeyAction(unknown, strict)).toBe(action);
  });

  it.each(['ask', 'yes', 'accept-new', 'no'] as const)('a changed or revoked key is refused with %s, a known one accepted', (strict) => {
    expect(hostKeyAction(changed, strict)).toBe('refuse');
    expect(hostKeyAction(revoked, strict)).toBe('refuse');
    expect(hostKeyAction({ kind: 'known', file: '/kh' }, strict)).toBe('accept');
  });

  it('never trusts silently a host that expects a certificate longhaul cannot check', () => {
    expect(hostKeyAction(certOnly, 'accept-new')).toBe('ask');
    expect(hostKeyAction(certOnly, 'no')).toBe('ask');
    expect(hostKeyAction(certOnly, 'ask')).toBe('ask');
    expect(hostKeyAction(certOnly, 'yes')).toBe('refuse-unknown');
  });
});
