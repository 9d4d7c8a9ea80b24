// A saved session marked Keep connected, through a 250 ms link to the real sshd: longhaul logs in with no tab open,
// at start and after a drop, and the first tab opens on that connection in a couple of round trips, not a login's eight.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import type { ConnectionSummary } from '../../shared/connections.js';
import type { ServerMessage } from '../../shared/protocol.js';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const ONE_WAY_MS = 125;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-keep-connected-'));
let proxy: DelayProxy;
let args: string[];
let longhaul: LonghaulProcess | undefined;

beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: ONE_WAY_MS, downMs: ONE_WAY_MS });
  // Shells on a pty: what is measured is the connection, not tmux.
  args = [...de1Args(work, sshd, proxy.port), '--durable', 'off'];
});
afterAll(async () => {
  await longhaul?.stop();
  await proxy?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const tokenOf = (process: LonghaulProcess) => new URL(process.url).searchParams.get('token')!;

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What longhaul says it is connected to. */
async function connections(process: LonghaulProcess): Promise<ConnectionSummary[]> {
  const response = await fetch(`${process.origin}/api/connections`, { headers: { authorization: `Bearer ${tokenOf(process)}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { connections: ConnectionSummary[] }).connections;
}

/** A tab from the saved session: ms from asking to the shell's first output, and the connection timeline it was told. */
async function openSaved(process: LonghaulProcess, savedSessionId: string) {
  const tab = await TabClient.connect(`${process.origin.replace(/^http/, 'ws')}/ws`, { token: tokenOf(process) });
  const started = performance.now();
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, savedSessionId });
  await tab.next('ready', 30_000);
  await tab.until(() => tab.outputLength > 0, 'the shell’s first output', 30_000);
  const ms = performance.now() - started;
  await tab.until(() => tab.messages.some((m) => m.type === 'timeline'), 'the connection timeline', 10_000);
  const timeline = tab.messages.find((m): m is Extract<ServerMessage, { type: 'timeline' }> => m.type === 'timeline')!;
  return { tab, ms, steps: timeline.steps.map((s) => `${s.name}${s.detail ? ` ${s.detail}` : ''}`) };
}

describe('a saved session marked Keep connected', () => {
  it('is logged in with no tab, again after a drop and at the next start, and its first tab opens at once', async () => {
    longhaul = await startLonghaul(args, { HOME: work }, { fromSource: true });
    const response = await fetch(`${longhaul.origin}/api/sessions/saved`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenOf(longhaul)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'de1 kept', target: 'de1', keepConnected: true }),
    });
    expect(response.status).toBe(201);
    const saved = (await response.json()) as { id: string; keepConnected: boolean };
    expect(saved.keepConnected).toBe(true);
    // Marking it is enough: longhaul logs in now, with no tab asking, and says so.
    await untilAsync(async () => (await connections(longhaul!)).some((c) => c.kept && c.shells === 0), 'longhaul to log in to the kept session');
    expect(proxy.connectionsAccepted).toBe(1);

    const first = await openSaved(longhaul, saved.id);
    expect(first.steps).toContain('reused-connection de1, kept connected');
    expect(first.steps.some((s) => s.startsWith('tcp-connected'))).toBe(false);
    // A shell on a connection (and a channel) that is there: about one round trip, against a login's eight.
    expect(first.ms).toBeLessThan(3 * 2 * ONE_WAY_MS);
    expect(proxy.connectionsAccepted).toBe(1);
    first.tab.send({ type: 'close' });
    first.tab.close();

    // Dropped with no tab on it, it is made again by itself.
    proxy.dropConnections();
    await until(() => proxy.connectionsAccepted === 2, 'the kept connection to be made again');

    // And at the next start, before any tab.
    await longhaul.stop();
    longhaul = await startLonghaul(args, { HOME: work }, { fromSource: true });
    await until(() => proxy.connectionsAccepted === 3, 'the restarted longhaul to log in to the kept session');

    // Unmarked, its idle connection goes and is not made again.
    const unmark = await fetch(`${longhaul.origin}/api/sessions/saved/${saved.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokenOf(longhaul)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keepConnected: false }),
    });
    expect(unmark.status).toBe(200);
    await untilAsync(async () => (await connections(longhaul!)).length === 0, 'longhaul to let the idle connection go');
    proxy.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.connectionsAccepted).toBe(3);
  }, 90_000);
});
