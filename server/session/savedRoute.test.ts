import { describe, expect, it } from 'vitest';
import { resolveRoute } from './connectTarget.js';
import { routeOverridesFor } from './savedRoute.js';
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
});
