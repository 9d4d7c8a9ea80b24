// The bridge's limits against the real sshd: input queued for a host that stopped reading, sessions per bridge, and new connections per minute.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { encodeFrame, FrameType } from '../../shared/frames.js';
import type { ServerMessage } from '../../shared/protocol.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-limits-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Two routes to the same sshd through their own delay proxies (so their TCP connections can be counted), and one direct. */
let far: DelayProxy;
let far2: DelayProxy;
let config: string;
let known: string;
beforeAll(async () => {
  far = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  far2 = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const host = (alias: string, port: number) =>
    `Host ${alias}\n  HostName 127.0.0.1\n  Port ${port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`;
  config = path.join(work, 'config');
  fs.writeFileSync(config, host('far', far.port) + host('far2', far2.port) + host('near', sshd.port));
  known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, [far.port, far2.port, sshd.port].map((port) => `${knownHostsLineFor({ port, hostPublicKey: sshd.hostPublicKey })}\n`).join(''));
});
afterAll(async () => {
  await far?.close();
  await far2?.close();
});
// A test that fails while the link is held must not hold it for the next.
afterEach(() => far?.resume());

async function openTab(bridge: TestBridge, target: string): Promise<{ tab: TabClient; sessionId: string }> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target, cols: 80, rows: 24 });
  const { sessionId } = await tab.next('ready');
  return { tab, sessionId };
}

/** A tab that asks to open a shell and is refused: the closed message it gets. */
async function refusedOpen(bridge: TestBridge, target: string): Promise<{ tab: TabClient; closed: ServerMessage }> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target, cols: 80, rows: 24 });
  return { tab, closed: await tab.next('closed') };
}

/** Runs a command whose answer the shell computes, so the echoed command line cannot match it. */
async function answer(tab: TabClient, command: string, marker: string): Promise<string> {
  const before = tab.output.length;
  tab.type(`${command}; echo ${marker}-$((1+1))\r`);
  await tab.waitForOutput(`${marker}-2\r\n`);
  return tab.output.slice(before);
}

const MiB = 1024 * 1024;

/** Memory the process holds now, garbage collected first, so what is measured is what is kept (not what is not yet freed). */
function liveBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Waits for a condition on the bridge's side, which sends the tab nothing to wake on. */
async function poll(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('input for a host that has stopped reading', () => {
  const BOUND = 256 * 1024;
  const FRAME = 64 * 1024;
  const SENT = 64 * MiB;
  /** 64-byte lines of letters, so the tty's line discipline passes every byte to `wc -c` unchanged, and its echo has no digits. */
  const frameText = `${'a'.repeat(63)}\n`.repeat(FRAME / 64);

  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, maxPendingInputBytes: BOUND });
  });
  afterAll(() => bridge?.close());

  it('is refused past the bound with a sentence, never acknowledged or written, memory stays bounded, and typing works after', async () => {
    const { tab, sessionId } = await openTab(bridge, 'far');
    const session = bridge.sessions.get(sessionId)!;
    // wc counts exactly the bytes that reach the shell's side. (Echo stays on: with it off, sshd answers each write
    // to the tty with an SSH_MSG_IGNORE as large, and ssh2 drops the connection on one over its 35000-byte limit.)
    tab.type('echo wc-$((2+3))-reading; wc -c\r');
    await tab.waitForOutput('wc-5-reading\r\n');
    const start = tab.inputOffsetSent;
    await tab.until(() => tab.messages.some((m) => m.type === 'input-ack' && m.offset === start), 'the command line taken');

    far.pause();
    const firstReply = tab.messages.length;
    const replies = () => tab.messages.slice(firstReply).filter((m) => m.type === 'input-ack' || m.type === 'error');
    const liveBefore = liveBytes();
    let maxPending = 0;
    let frames = 0;
    while (frames * FRAME < SENT) {
      tab.type(frameText);
      frames++;
      // A page pastes as fast as its socket goes; a few frames in flight is enough to outrun the host, and keeps
      // this test's own sending buffers out of the memory measured.
      if (frames % 16 === 0) await tab.until(() => replies().length >= frames - 4, `replies to ${frames} frames`);
      maxPending = Math.max(maxPending, session.pendingInputBytes);
    }
    const answered = await tab.until(() => replies().length === frames && replies(), `replies to all ${frames} frames`);
    const growth = liveBytes() - liveBefore;

    // The host took the SSH window's worth and the bound; every frame after the first refusal was refused too.
    const accepted = answered.findIndex((m) => m.type === 'error');
    expect(accepted).toBeGreaterThan(0);
    expect(answered.slice(0, accepted).every((m) => m.type === 'input-ack')).toBe(true);
    const refused = answered.slice(accepted);
    expect(refused.every((m) => m.type === 'error')).toBe(true);
    const acceptedBytes = accepted * FRAME;
    expect(acceptedBytes).toBeLessThan(4 * MiB);
    for (const error of refused) {
      expect(error).toEqual({
        type: 'error',
        code: 'too-large',
        message: expect.stringMatching(
          new RegExp(`^The host has not read the last [0-9.]+ (MiB|KiB) of input yet; these ${FRAME} bytes were not sent\\. Wait for it to catch up, then type or paste again\\.$`),
        ),
      });
    }
    // No acknowledgement reaches past what was taken before the refusals.
    const acks = answered.flatMap((m) => (m.type === 'input-ack' ? [m.offset] : []));
    expect(Math.max(...acks)).toBe(start + acceptedBytes);
    expect(tab.messages.filter((m) => m.type === 'input-ack').every((m) => m.offset <= start + acceptedBytes)).toBe(true);
    expect(maxPending).toBeLessThanOrEqual(BOUND + FRAME);
    // What is held: the bound, and the SSH window's worth waiting in the proxy, which runs in this process too (its
    // socket reads can hold a few times their bytes). Without the bound, everything sent is held: 64 MiB and more.
    expect(growth, `memory grew ${(growth / MiB).toFixed(1)} MiB with ${SENT / MiB} MiB sent`).toBeLessThan(16 * MiB);

    // The bridge still answers, and a session on another connection is untouched.
    tab.send({ type: 'ping', id: 7 });
    expect(await tab.next('pong')).toEqual({ type: 'pong', id: 7 });
    const other = await openTab(bridge, 'near');
    expect(await answer(other.tab, 'true', 'other-session')).toContain('other-session-2');
    other.tab.send({ type: 'close' });
    other.tab.close();

    // A page that reconnects now resumes after the refused bytes: they are never sent again, and a repeat of one
    // (a page re-sending what it still held) is dropped, not written.
    tab.close();
    const back = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    back.send({ type: 'attach', sessionId, offset: tab.outputLength, cols: 80, rows: 24 });
    expect(await back.next('attached')).toMatchObject({ sessionId, inputOffset: start + frames * FRAME });
    back.sendRaw(encodeFrame(FrameType.Input, start + acceptedBytes, Buffer.from(frameText)));
    expect(await back.next('input-ack')).toEqual({ type: 'input-ack', offset: start + frames * FRAME });

    far.resume();
    // Input typed before the host caught up would be refused, as the sentence says; wait as a person would.
    await poll(() => session.pendingInputBytes === 0, 'the host catching up', 30_000);
    back.type('\x04'); // end of wc's input: it prints what it read
    // The tty's echo of the lines may still trail in pieces around the count; only the count has digits and a line end.
    const counted = await back.until(() => /(\d+)\r\n/.exec(back.output)?.[1], "wc's count", 30_000);
    expect(Number(counted)).toBe(acceptedBytes);
    expect(back.messages.filter((m) => m.type === 'error')).toEqual([]);

    // Typed after: delivered exactly once, and acknowledged.
    back.type('echo typed-after-$((6*7))\r');
    await back.waitForOutput('typed-after-42\r\n');
    await sleep(300);
    expect(back.output.match(/typed-after-42\r\n/g)).toHaveLength(1);
    expect(back.messages.filter((m) => m.type === 'input-ack').at(-1)).toEqual({ type: 'input-ack', offset: back.inputOffsetSent });
    back.send({ type: 'close' });
    await back.next('closed');
    back.close();
  }, 90_000);
});

describe('sessions per bridge', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, maxSessions: 2 });
  });
  afterAll(() => bridge?.close());

  const sentence = "longhaul already holds 2 sessions, its limit; close a tab (or end a closed tab's shell) before opening another.";

  it('refuses the session past the limit before connecting, counts kept shells, and always lets a tab reattach', async () => {
    const first = await openTab(bridge, 'near');
    const second = await openTab(bridge, 'near');

    const third = await refusedOpen(bridge, 'near');
    expect(third.closed).toEqual({ type: 'closed', reason: 'error', message: sentence });
    expect(third.tab.messages.some((m) => m.type === 'status' || m.type === 'ready')).toBe(false);
    expect(bridge.sessions.size).toBe(2);
    third.tab.close();

    // A closed tab's shell is still held, so it still counts...
    first.tab.send({ type: 'detach' });
    await first.tab.next('closed');
    first.tab.close();
    expect((await refusedOpen(bridge, 'near')).closed).toMatchObject({ reason: 'error', message: sentence });

    // ...and reattaching to it is never refused.
    const back = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    back.send({ type: 'attach', sessionId: first.sessionId, offset: first.tab.outputLength, cols: 80, rows: 24 });
    expect(await back.next('attached')).toMatchObject({ sessionId: first.sessionId });
    expect(await answer(back, 'true', 'reattached')).toContain('reattached-2');

    // Ending a session makes room.
    second.tab.send({ type: 'close' });
    await second.tab.next('closed');
    second.tab.close();
    await back.until(() => bridge.sessions.size === 1, 'the closed session gone');
    const next = await openTab(bridge, 'near');
    expect(await answer(next.tab, 'true', 'room-again')).toContain('room-again-2');
    for (const tab of [back, next.tab]) {
      tab.send({ type: 'close' });
      await tab.next('closed');
      tab.close();
    }
  });
});

describe('connection attempts per minute', () => {
  let bridge: TestBridge;
  beforeAll(async () => {
    bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, maxConnectsPerMinute: 2 });
  });
  afterAll(() => bridge?.close());

  it('refuses a new connection past the limit before any TCP connect, while channels on a pooled connection still open', async () => {
    const farBefore = far.connectionsAccepted;
    const far2Before = far2.connectionsAccepted;

    // Attempt 1, then a channel on its connection (no attempt).
    const a = await openTab(bridge, 'far');
    const b = await openTab(bridge, 'far');
    expect(far.connectionsAccepted - farBefore).toBe(1);
    for (const tab of [a.tab, b.tab]) {
      tab.send({ type: 'close' });
      await tab.next('closed');
      tab.close();
    }
    // The last session took its connection with it, so the next tab needs a new one: attempt 2.
    await poll(() => bridge.sessions.connectionCount === 0, 'the idle connection closed');
    const c = await openTab(bridge, 'far');
    expect(far.connectionsAccepted - farBefore).toBe(2);

    // Attempt 3 within the minute: refused with the wait, before a single packet goes out.
    const refused = await refusedOpen(bridge, 'far2');
    expect(refused.closed).toEqual({
      type: 'closed',
      reason: 'error',
      message: expect.stringMatching(/^longhaul started 2 connections in the last minute, its limit; try again in ([1-9]|[1-5][0-9]|60) s\.$/),
    });
    expect(refused.tab.messages.some((m) => m.type === 'status')).toBe(false);
    refused.tab.close();
    await sleep(200);
    expect(far2.connectionsAccepted - far2Before).toBe(0);
    expect(bridge.sessions.connectionCount).toBe(1);

    // A tab to a host with a logged-in connection still opens: a channel is not an attempt.
    const d = await openTab(bridge, 'far');
    expect(await answer(d.tab, 'true', 'pooled')).toContain('pooled-2');
    expect(far.connectionsAccepted - farBefore).toBe(2);
    expect(bridge.sessions.connectionCount).toBe(1);
    for (const tab of [c.tab, d.tab]) {
      tab.send({ type: 'close' });
      await tab.next('closed');
      tab.close();
    }
  });
});
