// A saved session's own simulated round trip, against real sshd: its tabs feel it, others do not, and it beats --simulate-rtt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { saveSession, startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-saved-rtt-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const config = path.join(work, 'config');
const known = path.join(work, 'known_hosts');
beforeAll(() => {
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
});

const SIMULATED_MS = 200;
/**
 * A keepalive over loopback to sshd takes a millisecond or two, and tens on a two-core machine busy with the
 * rest of the suite; a quarter of the simulated delay still tells "none" from "200 ms" apart.
 */
const NEAR_ZERO_MS = SIMULATED_MS / 4;

const tabs: TabClient[] = [];
afterEach(() => {
  for (const tab of tabs.splice(0)) tab.close();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const hostRtts = (tab: TabClient) => tab.messages.flatMap((m) => (m.type === 'host-rtt' ? [m.rttMs] : []));


/** A ready tab to de1, from a saved session or (without an id) typed in. */
async function openTab(bridge: TestBridge, savedSessionId?: string): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tabs.push(tab);
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, ...(savedSessionId ? { savedSessionId } : {}) });
  await tab.next('ready', 30_000);
  return tab;
}

/** The median of the first three longhaul ↔ host round trips the tab was told (one keepalive every 2 s). */
async function measuredHostRtt(tab: TabClient): Promise<number> {
  await tab.until(() => hostRtts(tab).length >= 3, 'three host round trips', 20_000);
  return median(hostRtts(tab).slice(0, 3));
}

const usedPooledConnection = (tab: TabClient) =>
  tab.messages.some((m) => m.type === 'timeline' && m.steps.some((step) => step.name === 'reused-connection'));

describe('a saved session with a simulated round trip', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
  });
  afterAll(() => bridge?.close());

  it('adds it to the longhaul ↔ host path of its tabs only, on a connection of its own', async () => {
    const plainId = await saveSession(bridge, { name: 'de1 here', target: 'de1' });
    const farId = await saveSession(bridge, { name: 'de1 far', target: 'de1', simulatedRttMs: SIMULATED_MS });

    // The plain tab first, so its connection is there for the far one to (wrongly) reuse.
    const plain = await openTab(bridge, plainId);
    const far = await openTab(bridge, farId);
    expect(bridge.sessions.connectionCount).toBe(2);
    await far.next('timeline');
    expect(usedPooledConnection(far)).toBe(false);

    const [farRtt, plainRtt] = await Promise.all([measuredHostRtt(far), measuredHostRtt(plain)]);
    expect(Math.abs(farRtt - SIMULATED_MS)).toBeLessThanOrEqual(SIMULATED_MS * 0.1 + 5);
    expect(plainRtt).toBeLessThanOrEqual(NEAR_ZERO_MS);

    // A second tab from the far session shares its (slow) connection, as tabs to one route do.
    const farAgain = await openTab(bridge, farId);
    expect(bridge.sessions.connectionCount).toBe(2);
    await farAgain.next('timeline');
    expect(usedPooledConnection(farAgain)).toBe(true);
  }, 60_000);
});

describe('with --simulate-rtt', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, simulatedRttMs: SIMULATED_MS });
  });
  afterAll(() => bridge?.close());

  it("a saved session's 0 turns it off for that session, while a typed target still gets it", async () => {
    const nearId = await saveSession(bridge, { name: 'de1 near', target: 'de1', simulatedRttMs: 0 });
    const [typed, near] = await Promise.all([openTab(bridge), openTab(bridge, nearId)]);
    const [typedRtt, nearRtt] = await Promise.all([measuredHostRtt(typed), measuredHostRtt(near)]);
    expect(Math.abs(typedRtt - SIMULATED_MS)).toBeLessThanOrEqual(SIMULATED_MS * 0.1 + 5);
    expect(nearRtt).toBeLessThanOrEqual(NEAR_ZERO_MS);
    expect(bridge.sessions.connectionCount).toBe(2);
  }, 60_000);
});
