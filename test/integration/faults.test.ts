// Faults a far host produces: sshd killed under a live session. The tab is told, in words, and nothing hangs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestBridge } from '../support/bridge.js';
import { startSshd } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('faults', () => {
  it('tells the tab when sshd is killed mid-session', async () => {
    const sshd = await startSshd();
    const config = path.join(work, 'config');
    fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
    const known = path.join(work, 'known_hosts');
    fs.writeFileSync(known, `${sshd.knownHostsLine()}\n`);
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
    try {
      const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      await tab.next('ready');
      tab.type('echo up-$((1+1))\r');
      await tab.waitForOutput('up-2');
      await sshd.stop(); // kills the listener and the session's own sshd processes
      const closed = await tab.next('closed');
      expect(closed.reason).toBe('host-closed');
      expect(closed.message).toMatch(/^de1 closed the (connection|session)/);
      expect(bridge.sessions.size).toBe(0);
      expect(bridge.sessions.connectionCount).toBe(0);
    } finally {
      await bridge.close();
      await sshd.stop();
    }
  });
});
