// A new tab to a host whose path froze under its open connection: it must not hang, but say so and open on a new connection, the silent one left to its own tabs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-silent-newtab-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Short, so the test is quick; the product waits at least 10 s (MIN_SHELL_OPEN_WAIT_MS). */
const SHELL_OPEN_MIN_WAIT_MS = 3_000;

let proxy: DelayProxy | undefined;
let bridge: TestBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  await proxy?.close();
  bridge = undefined;
  proxy = undefined;
});

async function start(): Promise<TestBridge> {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const config = path.join(work, `config-${proxy.port}`);
  fs.writeFileSync(config, `Host de2\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, `known_hosts-${proxy.port}`);
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  fs.writeFileSync(known, `[127.0.0.1]:${proxy.port} ${type} ${key}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, shellOpenMinWaitMs: SHELL_OPEN_MIN_WAIT_MS });
  return bridge;
}

async function openTab(b: TestBridge): Promise<TabClient> {
  const tab = await TabClient.connect(b.wsUrl, { token: b.token });
  tab.send({ type: 'open', target: 'de2', cols: 80, rows: 24 });
  return tab;
}

const statusDetails = (tab: TabClient) => tab.messages.flatMap((m) => (m.type === 'status' && m.detail ? [m.detail] : []));

describe('a new tab to a host whose path froze under its connection', () => {
  it('says the connection went silent within the bound, and opens on a new connection; the old tab keeps its session', async () => {
    const b = await start();
    const first = await openTab(b);
    await first.next('ready');
    await first.next('host-rtt', 15_000);
    expect(b.sessions.connectionCount).toBe(1);

    proxy!.freezeConnections();
    const openedAt = performance.now();
    const second = await openTab(b);
    // Bounded: the sentence comes after the minimum wait, long before a person would give up.
    const said = await second.until(
      () => statusDetails(second).find((d) => d.includes('did not open a shell')),
      'the sentence about the silent connection',
      30_000,
    );
    expect(performance.now() - openedAt).toBeGreaterThanOrEqual(SHELL_OPEN_MIN_WAIT_MS - 50);
    // The bound is the minimum here, unless a loaded machine made the measured round trips long.
    const [, seconds] = /^de2 did not open a shell within (\d+) s on its open connection: the host or the network to it has gone silent\. Trying a new connection…$/.exec(said) ?? [];
    expect(Number(seconds), said).toBeGreaterThanOrEqual(SHELL_OPEN_MIN_WAIT_MS / 1000);
    await second.next('ready', 30_000);
    expect(b.sessions.connectionCount).toBe(2);
    second.type('echo fresh-$((6*7))\r');
    await second.waitForOutput('fresh-42');

    // The next tab goes straight to the new connection: the silent one is not tried again.
    const third = await openTab(b);
    await third.next('ready', 15_000);
    expect(statusDetails(third).some((d) => d.includes('did not open a shell'))).toBe(false);
    expect(b.sessions.connectionCount).toBe(2);

    // The first tab was never closed; once the path thaws, its shell answers again.
    expect(first.messages.some((m) => m.type === 'closed')).toBe(false);
    proxy!.thawConnections();
    first.type('echo thawed-$((7*6))\r');
    await first.waitForOutput('thawed-42', 15_000);
    for (const tab of [first, second, third]) tab.close();
  });

  it('goes straight to a new connection once the old one is known to be silent', async () => {
    const b = await start();
    const first = await openTab(b);
    await first.next('ready');
    await first.next('host-rtt', 15_000);
    proxy!.freezeConnections();
    // The keepalive probe notices first: the tab is told its host is silent.
    await first.until(() => first.messages.some((m) => m.type === 'host-silence' && m.silentForMs !== null), 'host-silence', 30_000);

    const second = await openTab(b);
    await second.next('ready', 15_000);
    expect(statusDetails(second).some((d) => d.includes('did not open a shell'))).toBe(false);
    expect(b.sessions.connectionCount).toBe(2);
    for (const tab of [first, second]) tab.close();
  });
});
