// A saved session's settings turned into how its target is reached: keys, password, jump host, simulated round trip.
import { describe, expect, it } from 'vitest';
import { resolveRoute, routeKey } from './connectTarget.js';
import { missingKeyFileNote, routeOverridesFor } from './savedRoute.js';
import { parseSshConfig } from '../ssh/target.js';

const deps = {
  sshConfig: () => parseSshConfig('Host de1\n  HostName 198.51.100.7\n  IdentityFile ~/.ssh/de1\nHost bastion\n  HostName 192.0.2.1\n'),
  targetDefaults: { localUser: 'me', homeDir: '/home/me' },
};

describe('a saved session applied to its route', () => {
  it('keeps the ssh config as it is for `agent`', () => {
    const { target } = resolveRoute('de1', deps, routeOverridesFor({ auth: 'agent' }));
    expect(target).toMatchObject({ identityFiles: ['/home/me/.ssh/de1'], identitiesOnly: false, proxyJump: [] });
  });

  it('offers only its key for `key-file`', () => {
    const { target } = resolveRoute('de1', deps, routeOverridesFor({ auth: 'key-file', keyFile: '~/.ssh/ops_ed25519' }));
    expect(target).toMatchObject({ identityFiles: ['/home/me/.ssh/ops_ed25519'], identitiesOnly: true });
  });

  it('offers no key at all for `password`', () => {
    const { target } = resolveRoute('de1', deps, routeOverridesFor({ auth: 'password' }));
    expect(target).toMatchObject({ identityFiles: [], identitiesOnly: true });
  });

  it('goes through its jump host', () => {
    const route = resolveRoute('de1', deps, routeOverridesFor({ auth: 'agent', jumpHost: 'bastion' }));
    expect(route.target.proxyJump).toEqual(['bastion']);
    expect(route.hops.map((h) => h.host)).toEqual(['192.0.2.1']);
  });

  it('simulates its own round trip in place of --simulate-rtt, and none when it says 0', () => {
    const global = { ...deps, simulatedRttMs: 300 };
    expect(resolveRoute('de1', deps).simulatedRttMs).toBe(0);
    expect(resolveRoute('de1', global).simulatedRttMs).toBe(300);
    expect(resolveRoute('de1', global, routeOverridesFor({ auth: 'agent' })).simulatedRttMs).toBe(300);
    expect(resolveRoute('de1', global, routeOverridesFor({ auth: 'agent', simulatedRttMs: 200 })).simulatedRttMs).toBe(200);
    expect(resolveRoute('de1', global, routeOverridesFor({ auth: 'agent', simulatedRttMs: 0 })).simulatedRttMs).toBe(0);
  });

  it('never shares a connection between tabs with different simulated round trips', () => {
    const key = (simulatedRttMs?: number) => routeKey(resolveRoute('de1', deps, routeOverridesFor({ auth: 'agent', simulatedRttMs })));
    expect(key(200)).not.toBe(key());
    expect(key(200)).not.toBe(key(250));
    expect(key(200)).toBe(key(200));
    // No delay is no delay, however it was arrived at.
    expect(key(0)).toBe(key());
  });
});

describe('missingKeyFileNote', () => {
  it('says so when a saved key file does not exist and another tab\'s login is used instead', () => {
    expect(missingKeyFileNote('~/.ssh/x', false, 'de1')).toBe('Key file ~/.ssh/x not found; using the existing login to de1.');
  });

  it('says nothing when the key file exists or none was asked for', () => {
    expect(missingKeyFileNote('~/.ssh/x', true, 'de1')).toBeUndefined();
    expect(missingKeyFileNote(undefined, false, 'de1')).toBeUndefined();
  });
});
