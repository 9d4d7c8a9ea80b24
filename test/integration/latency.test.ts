// Where the time goes, measured on the bridge against real sshd behind a delay proxy: host round trips, the
// connection timeline, a silent host that is kept, and the --simulate-rtt link.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { simulatedLinkOpener } from '../../server/net/simulatedLink.js';
import { HOST_SILENT_AFTER_MS } from '../../shared/protocol.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-latency-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const ONE_WAY_MS = 125;
const RTT_MS = 2 * ONE_WAY_MS;

function configFor(name: string, port: number): { config: string; known: string } {
  const config = path.join(work, `config-${name}`);
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, `kh-${name}`);
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  fs.writeFileSync(known, `[127.0.0.1]:${port} ${type} ${key}\n`);
  return { config, known };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const hostRtts = (tab: TabClient) => tab.messages.flatMap((m) => (m.type === 'host-rtt' ? [m.rttMs] : []));

describe('a host 250 ms away', () => {
  let proxy: DelayProxy;
  let bridge: TestBridge;
  let tab: TabClient;

  beforeAll(async () => {
    proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
    const { config, known } = configFor('far', proxy.port);
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
    tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await tab.next('ready', 30_000);
  });
  afterAll(async () => {
    tab?.close();
    await bridge?.close();
    await proxy?.close();
  });

  it('measures the longhaul ↔ host round trip with keepalives, within 10% + 5 ms', async () => {
    await tab.until(() => hostRtts(tab).length >= 3, 'three host round trips', 20_000);
    const measured = median(hostRtts(tab));
    expect(Math.abs(measured - RTT_MS)).toBeLessThanOrEqual(RTT_MS * 0.1 + 5);
  });

  it('tells how connecting went, step by step, showing its round trips', async () => {
    const timeline = await tab.next('timeline');
    const names = timeline.steps.map((s) => s.name);
    expect(names).toEqual(['lookup', 'tcp-connected', 'host-key-received', 'auth', 'auth', 'authenticated', 'shell-open', 'first-byte']);
    const at = (name: string) => timeline.steps.find((s) => s.name === name)!.atMs;
    // The host key arrives after the banner and key exchange: at least one round trip after TCP.
    expect(at('host-key-received') - at('tcp-connected')).toBeGreaterThanOrEqual(RTT_MS - 10);
    // Authentication (service request, none, public key) takes several more.
    expect(at('authenticated') - at('host-key-received')).toBeGreaterThanOrEqual(2 * RTT_MS - 10);
    expect(at('first-byte')).toBeGreaterThanOrEqual(at('shell-open'));
  });

  it('keeps a host that goes silent, says for how long, and delivers what it sent meanwhile', async () => {
    tab.type('for i in 1 2 3 4 5; do echo tick-$i; sleep 1; done; echo ticks-$((2+3))-done\r');
    await tab.waitForOutput(/tick-1\r\n/);
    proxy.pause();
    const silence = await tab.until(
      () => tab.messages.find((m) => m.type === 'host-silence' && m.silentForMs !== null && m.silentForMs >= HOST_SILENT_AFTER_MS),
      'the host reported silent',
      15_000,
    );
    expect(silence).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 8_000 - HOST_SILENT_AFTER_MS));
    expect(tab.isClosed).toBe(false);
    expect(tab.messages.some((m) => m.type === 'closed')).toBe(false);
    proxy.resume();
    await tab.until(() => tab.messages.some((m) => m.type === 'host-silence' && m.silentForMs === null), 'the host answering again');
    const output = await tab.waitForOutput('ticks-5-done');
    for (let i = 1; i <= 5; i++) expect(output.match(new RegExp(`^tick-${i}\\r$`, 'gm'))).toHaveLength(1);
  }, 40_000);
});

describe('--simulate-rtt', () => {
  it('adds the round trip to a host on this machine', async () => {
    const { config, known } = configFor('simulated', sshd.port);
    const bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, openStream: simulatedLinkOpener(200) });
    try {
      const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      await tab.next('ready', 30_000);
      await tab.until(() => hostRtts(tab).length >= 2, 'two host round trips', 20_000);
      expect(Math.abs(median(hostRtts(tab)) - 200)).toBeLessThanOrEqual(200 * 0.1 + 5);
      tab.close();
    } finally {
      await bridge.close();
    }
  });
});
