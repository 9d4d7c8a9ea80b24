// A host silent for 60 s (the link to sshd held by the delay proxy) keeps its session; the tab sees the silence count up, then everything it missed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { HOST_PROBE_INTERVAL_MS, HOST_SILENCE_REPORT_MS } from '../../server/session/hostProbe.js';
import { HOST_SILENT_AFTER_MS } from '../../shared/protocol.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-silence-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const SILENCE_MS = 60_000;
/** The remote loop prints one tick a second for longer than the silence, so most ticks are made while it lasts. */
const TICKS = 75;

let proxy: DelayProxy;
let bridge: TestBridge;
beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const config = path.join(work, 'config');
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, 'known_hosts');
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  fs.writeFileSync(known, `[127.0.0.1]:${proxy.port} ${type} ${key}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known });
});
afterAll(async () => {
  await bridge?.close();
  await proxy?.close();
});

const silences = (tab: TabClient) => tab.messages.flatMap((m) => (m.type === 'host-silence' ? [m.silentForMs] : []));

describe('a host that goes silent for a minute', () => {
  it('is kept: the silence counts up, nothing ends, and what it sent meanwhile arrives intact', async () => {
    const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await tab.next('ready');
    // The probe is running: a round trip was measured before the silence.
    await tab.next('host-rtt', 15_000);

    tab.type(`for i in $(seq 1 ${TICKS}); do echo tick-$i; sleep 1; done; echo ticks-$((${TICKS}+0))-done\r`);
    await tab.waitForOutput(/tick-2\r\n/);
    proxy.pause();
    const pausedAt = performance.now();

    // Keys typed while the host is silent are held on the way, and must reach the shell once, after the ticks.
    await sleep(2_000);
    tab.type('echo typed-while-silent-$((5*5))\r');
    // Anything already past the proxy has arrived by now; from here on the tab must get nothing.
    await sleep(1_000);
    const heldAt = tab.outputLength;
    const ticksBeforeSilence = tab.output.match(/tick-\d+\r\n/g)?.length ?? 0;

    await sleep(SILENCE_MS - (performance.now() - pausedAt));
    expect(tab.outputLength, 'output got through a paused link: the host was not silent').toBe(heldAt);
    expect(tab.isClosed).toBe(false);
    expect(tab.messages.filter((m) => m.type === 'closed')).toEqual([]);
    expect(bridge.sessions.size).toBe(1);
    expect(bridge.sessions.connectionCount).toBe(1);
    const reported = silences(tab);
    proxy.resume();

    // Counting up: one report when the silence passed HOST_SILENT_AFTER_MS, then one every HOST_SILENCE_REPORT_MS.
    const counts = reported.filter((ms): ms is number => ms !== null);
    expect(reported).toEqual(counts); // no "answering again" while the link was held
    expect(counts.length).toBeGreaterThanOrEqual(Math.floor((SILENCE_MS - HOST_PROBE_INTERVAL_MS) / HOST_SILENCE_REPORT_MS) - 1);
    expect(counts[0]).toBeGreaterThanOrEqual(HOST_SILENT_AFTER_MS);
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]! - counts[i - 1]!, `reports ${counts.join(', ')}`).toBeGreaterThan(0);
      expect(counts[i]! - counts[i - 1]!, `reports ${counts.join(', ')}`).toBeLessThan(2 * HOST_SILENCE_REPORT_MS);
    }
    // The unanswered keepalive went out at most one probe interval into the silence; the last report is within one report period of its end.
    expect(counts.at(-1)!).toBeGreaterThanOrEqual(SILENCE_MS - HOST_PROBE_INTERVAL_MS - 2 * HOST_SILENCE_REPORT_MS);

    await tab.until(() => silences(tab).at(-1) === null, 'the host answering again', 15_000);
    const output = await tab.waitForOutput(`ticks-${TICKS}-done`, 30_000);
    const ticks = [...output.matchAll(/tick-(\d+)\r\n/g)].map((m) => Number(m[1]));
    expect(ticks).toEqual(Array.from({ length: TICKS }, (_, i) => i + 1));
    // Most ticks were printed while the host was silent, and were delivered afterwards.
    expect(TICKS - ticksBeforeSilence).toBeGreaterThanOrEqual(SILENCE_MS / 1000 - 5);
    await tab.until(() => tab.output.match(/typed-while-silent-25\r\n/g)?.length === 1 && true, 'the keys typed while silent, run once');

    tab.type('echo still-here-$((40+2))\r');
    await tab.waitForOutput('still-here-42');
    expect(tab.output.match(/still-here-42\r\n/g)).toHaveLength(1);
    expect(tab.output.match(/typed-while-silent-25\r\n/g)).toHaveLength(1);
    expect(tab.messages.filter((m) => m.type === 'closed')).toEqual([]);
    expect(bridge.sessions.connectionCount).toBe(1);
    tab.send({ type: 'close' });
    await tab.next('closed');
    tab.close();
  }, 150_000);
});
