import { describe, expect, it } from 'vitest';
import { listHostAliases, parseSshConfig, parseTypedTarget, resolveTarget, TargetError } from './target.js';

const defaults = { localUser: 'me', homeDir: '/home/me' };
const config = parseSshConfig(`
Host de1
  HostName 198.51.100.7
  Port 2222
  User ops
  IdentityFile ~/.ssh/de1_ed25519
  IdentityFile %d/.ssh/other_%r
  ProxyJump bastion

Host bastion
  HostName bastion.example.com
  IdentitiesOnly yes

Host *.lan dev-?
  User lan

Host *
  ServerAliveInterval 30
`);

describe('parseTypedTarget', () => {
  it.each([
    ['de1', { user: undefined, host: 'de1', port: undefined }],
    ['alice@example.com', { user: 'alice', host: 'example.com', port: undefined }],
    ['alice@example.com:2222', { user: 'alice', host: 'example.com', port: 2222 }],
    ['[::1]:22', { user: undefined, host: '::1', port: 22 }],
    ['bob@[fe80::1]:2200', { user: 'bob', host: 'fe80::1', port: 2200 }],
    ['  de1  ', { user: undefined, host: 'de1', port: undefined }],
  ])('%s', (text, expected) => {
    expect(parseTypedTarget(text)).toEqual(expected);
  });

  it.each(['', '   ', 'a b', '-oProxyCommand=x', 'host:99999', 'x@', 'bad\u0000host', 'ho;st', "us'er@host"])(
    'refuses %j with a sentence',
    (text) => {
      expect(() => parseTypedTarget(text)).toThrow(TargetError);
    },
  );
});

describe('resolveTarget', () => {
  it('uses HostName, Port, User, IdentityFile (with ~ and %tokens) and ProxyJump of an alias', () => {
    expect(resolveTarget('de1', config, defaults)).toEqual({
      label: 'de1',
      host: '198.51.100.7',
      port: 2222,
      user: 'ops',
      identityFiles: ['/home/me/.ssh/de1_ed25519', '/home/me/.ssh/other_ops'],
      identitiesOnly: false,
      proxyJump: ['bastion'],
      hostKeyPolicy: { strict: 'ask' },
      algorithms: {},
    });
  });

  it('lets the typed user and port win over the config', () => {
    const target = resolveTarget('root@de1:22', config, defaults);
    expect([target.user, target.host, target.port]).toEqual(['root', '198.51.100.7', 22]);
  });

  it('falls back to the local user, port 22 and the default identity files', () => {
    const target = resolveTarget('example.org', config, defaults);
    expect(target).toMatchObject({ host: 'example.org', port: 22, user: 'me', proxyJump: [] });
    expect(target.identityFiles).toContain('/home/me/.ssh/id_ed25519');
    expect(target.identityFiles[0]).toBe('/home/me/.ssh/id_rsa');
  });

  it('matches wildcard Host patterns', () => {
    expect(resolveTarget('nas.lan', config, defaults).user).toBe('lan');
    expect(resolveTarget('dev-3', config, defaults).user).toBe('lan');
    expect(resolveTarget('bastion', config, defaults).identitiesOnly).toBe(true);
  });

  it('lists explicit aliases only', () => {
    expect(listHostAliases(config)).toEqual(['de1', 'bastion']);
  });
});

describe('host key directives', () => {
  const policyConfig = parseSshConfig(`
Host strict
  StrictHostKeyChecking yes
  UserKnownHostsFile ~/kh1 "%d/kh 2" /etc/kh3
  GlobalKnownHostsFile none
  HostKeyAlgorithms +ssh-rsa

Host newok
  StrictHostKeyChecking accept-new
  UserKnownHostsFile none

Host off
  StrictHostKeyChecking off

Host typo
  StrictHostKeyChecking maybe

Host *
  MACs +hmac-sha1
`);

  it('reads StrictHostKeyChecking, the known hosts files and the algorithm lines', () => {
    expect(resolveTarget('strict', policyConfig, defaults)).toMatchObject({
      hostKeyPolicy: { strict: 'yes', userKnownHostsFiles: ['/home/me/kh1', '/home/me/kh 2', '/etc/kh3'], globalKnownHostsFiles: [] },
      algorithms: { hostKeyAlgorithms: '+ssh-rsa', macs: '+hmac-sha1' },
    });
    expect(resolveTarget('newok', policyConfig, defaults).hostKeyPolicy).toEqual({ strict: 'accept-new', userKnownHostsFiles: [] });
    expect(resolveTarget('off', policyConfig, defaults).hostKeyPolicy).toEqual({ strict: 'no' });
    expect(resolveTarget('elsewhere', policyConfig, defaults).hostKeyPolicy).toEqual({ strict: 'ask' });
  });

  it('refuses a value OpenSSH would refuse, with a sentence', () => {
    expect(() => resolveTarget('typo', policyConfig, defaults)).toThrow(/invalid StrictHostKeyChecking \(maybe\)/);
  });
});
