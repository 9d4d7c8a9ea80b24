// Opening tabs against real sshd: tabs opened together share one login, and a tab on a logged-in host is one round trip from its shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor, readSshdLog } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-opening-tabs-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const config = path.join(work, 'config');
fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
const known = path.join(work, 'known_hosts');
fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);

const bridges: TestBridge[] = [];
const tabs: TabClient[] = [];
afterEach(async () => {
  for (const tab of tabs.splice(0)) tab.close();
  for (const bridge of bridges.splice(0)) await bridge.close();
});

async function bridgeWith(options: { simulatedRttMs?: number } = {}): Promise<TestBridge> {
  const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, ...options });
  bridges.push(bridge);
  return bridge;
}

async function openTab(bridge: TestBridge): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tabs.push(tab);
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
  await tab.next('ready', 30_000);
  return tab;
}

const connectionsAtSshd = () => readSshdLog(sshd).match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;

/** Each step of the tab's connection timeline, by name, in ms since it asked to connect. */
async function timelineOf(tab: TabClient): Promise<Map<string, number>> {
  const timeline = await tab.next('timeline', 30_000);
  return new Map(timeline.steps.map((step) => [step.name, step.atMs]));
}

describe('tabs opened at the same moment', () => {
  it('share one SSH connection: one handshake, one login, every tab its own shell', async () => {
    const bridge = await bridgeWith();
    const before = connectionsAtSshd();
    const opened = await Promise.all([0, 1, 2, 3].map(() => openTab(bridge)));
    expect(bridge.sessions.connectionCount).toBe(1);
    expect(connectionsAtSshd() - before).toBe(1);
    // Only the tab that made the connection went through a handshake; the others waited for it.
    const handshakes = opened.filter((tab) => tab.messages.some((m) => m.type === 'status' && m.phase === 'handshake'));
    expect(handshakes).toHaveLength(1);
    for (const [i, tab] of opened.entries()) {
      tab.type(`echo pid-${i}=$$\r`);
      await tab.waitForOutput(new RegExp(`pid-${i}=\\d+\\r\\n`));
    }
    const pids = opened.map((tab, i) => new RegExp(`pid-${i}=(\\d+)\\r\\n`).exec(tab.output)![1]);
    expect(new Set(pids).size).toBe(4);
  });
});

describe('the round trips to a shell', () => {
  // Long enough that one round trip and two are far apart whatever else the machine is doing.
  const RTT_MS = 600;

  it('a second tab to a logged-in host, even opened straight after the first, reaches its shell in one round trip; the first tab opens its shell in two', async () => {
    const bridge = await bridgeWith({ simulatedRttMs: RTT_MS });
    const first = await openTab(bridge);
    const firstSteps = await timelineOf(first);
    // Channel, then pty and shell together: two round trips, not ssh2's three.
    const firstShellMs = firstSteps.get('shell-open')! - firstSteps.get('authenticated')!;
    expect(firstShellMs).toBeGreaterThanOrEqual(2 * RTT_MS * 0.95);
    expect(firstShellMs).toBeLessThan(2.5 * RTT_MS);

    // The bridge asked for a channel for the next tab alongside the first tab's: opened straight after the
    // first, the second tab finds it open already.
    expect(bridge.sessions.spareChannelCount).toBe(1);
    const second = await openTab(bridge);
    const secondSteps = await timelineOf(second);
    expect(secondSteps.has('reused-connection')).toBe(true);
    expect(secondSteps.has('host-key-received')).toBe(false);
    const secondShellMs = secondSteps.get('shell-open')! - secondSteps.get('reused-connection')!;
    expect(secondShellMs).toBeGreaterThanOrEqual(RTT_MS * 0.95);
    expect(secondShellMs).toBeLessThan(1.5 * RTT_MS);
    second.type('echo second-$((20+22))\r');
    await second.waitForOutput('second-42');
    // And a third finds the channel the second left it.
    await expect.poll(() => bridge.sessions.spareChannelCount, { timeout: 10_000 }).toBe(1);
  }, 60_000);
});
