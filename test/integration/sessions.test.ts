// Sessions outlive their tabs: resume after a dropped connection without loss, detach and reattach to the same
// shell, expiry into history, a replay when too far behind, and a second tab reusing the SSH connection.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EndedSession } from '../../server/session/sessionManager.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor, readSshdLog, startSshd } from '../support/sshd.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-sessions-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const config = path.join(work, 'config');
fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
const known = path.join(work, 'known_hosts');
fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);

const ended: EndedSession[] = [];
let bridge: TestBridge;
beforeAll(async () => {
  bridge = await startTestBridge({
    sshConfigPath: config,
    userKnownHostsPath: known,
    keepClosedMs: 1500,
    onSessionEnded: (e) => ended.push(e),
  });
});
afterAll(() => bridge.close());

/** A line as it looks on screen: escape sequences dropped, and only what follows a carriage return. */
function visibleLine(line: string): string {
  return line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/^.*\r/, '');
}

async function openTab(): Promise<{ tab: TabClient; sessionId: string }> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
  const ready = await tab.next('ready');
  return { tab, sessionId: ready.sessionId };
}

async function attach(sessionId: string, offset: number): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'attach', sessionId, offset, cols: 80, rows: 24 });
  return tab;
}

describe('a session outlives its WebSocket', () => {
  it('resumes after the connection drops, again and again, with no line lost or doubled', async () => {
    let { tab, sessionId } = await openTab();
    tab.type('seq 1 200000; echo seq-$((1+1))-done\r');
    // Each client's bytes, cut exactly where the next one resumed.
    const pieces: Buffer[] = [];
    let start = 0;
    for (let drop = 0; drop < 6; drop++) {
      await tab.until(() => tab.outputLength > start + 60_000, `more output before drop ${drop}`);
      const resumeFrom = tab.outputLength;
      tab.socket.terminate(); // as a network failure: no close handshake, no detach
      pieces.push(tab.outputBytesReceived().subarray(0, resumeFrom - start));
      tab = await attach(sessionId, resumeFrom);
      expect(await tab.next('attached')).toMatchObject({ offset: resumeFrom, replay: false });
      start = resumeFrom;
    }
    await tab.waitForOutput('seq-2-done', 60_000);
    pieces.push(tab.outputBytesReceived());
    const numbers = Buffer.concat(pieces)
      .toString('utf8')
      .split('\r\n')
      .map(visibleLine)
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    expect(numbers).toHaveLength(200000);
    expect(numbers.every((n, i) => n === i + 1)).toBe(true);
    tab.close();
  }, 90_000);

  it('reattaches a closed tab to the same shell, which kept running meanwhile', async () => {
    const { tab, sessionId } = await openTab();
    tab.type('echo pid=$$\r');
    const pid = /pid=(\d+)\r\n/.exec(await tab.waitForOutput(/pid=\d+\r\n/))![1];
    tab.type('sleep 0.5; echo while-$((10+10))-closed\r');
    tab.send({ type: 'detach' });
    expect((await tab.next('closed')).reason).toBe('user');
    tab.close();

    const back = await attach(sessionId, 0);
    const attached = await back.next('attached');
    expect(attached.replay).toBe(false);
    await back.waitForOutput('while-20-closed');
    back.type('echo pid=$$\r');
    // The replay shows the first answer; the same shell gives the same one again.
    await back.until(() => back.output.split(`pid=${pid}\r\n`).length === 3, 'the same pid twice');
    back.close();
  });

  it('ends a session its tab let go of after the grace period, into history with its scrollback', async () => {
    const { tab, sessionId } = await openTab();
    tab.type('echo remember-$((7*6))\r');
    await tab.waitForOutput('remember-42');
    tab.send({ type: 'detach' });
    tab.close();
    await expect.poll(() => ended.find((e) => e.sessionId === sessionId), { timeout: 10_000 }).toBeTruthy();
    const record = ended.find((e) => e.sessionId === sessionId)!;
    expect(record.scrollback).toContain('remember-42');
    expect(record.end.reason).toBe('user');
    const late = await attach(sessionId, 0);
    expect((await late.next('closed')).reason).toBe('gone');
  });

  it('redraws from what it holds when the tab is too far behind', async () => {
    const small = await startTestBridge({
      sshConfigPath: config,
      userKnownHostsPath: known,
      outputBufferBytes: 16 * 1024,
      watermarks: { high: 64 * 1024, low: 16 * 1024 },
    });
    try {
      const tab = await TabClient.connect(small.wsUrl, { token: small.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      const { sessionId } = await tab.next('ready');
      tab.send({ type: 'detach' });
      tab.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const back = await TabClient.connect(small.wsUrl, { token: small.token });
      back.send({ type: 'attach', sessionId, offset: 0, cols: 80, rows: 24 });
      await back.next('attached');
      back.type('seq 1 20000 | tail -c 30000 >/dev/null; seq 1 5000; echo replay-$((2*2))\r');
      await back.waitForOutput('replay-4');
      const lastOffset = back.outputLength;
      back.socket.terminate();
      const again = await TabClient.connect(small.wsUrl, { token: small.token });
      again.send({ type: 'attach', sessionId, offset: 0, cols: 80, rows: 24 });
      const attached = await again.next('attached');
      expect(attached.replay).toBe(true);
      expect(attached.offset).toBeGreaterThan(0);
      await again.until(() => again.outputLength >= lastOffset && again.outputLength, 'the replay');
      // The replay begins at a line start and ends with what the tab missed.
      expect(again.output).toMatch(/^\d+\r\n/);
      expect(again.output).toContain('replay-4');
      again.close();
    } finally {
      await small.close();
    }
  });
});

describe('a second tab to the same host', () => {
  it('opens a new channel on the authenticated connection: no new handshake, no new prompt', async () => {
    const connections = () => readSshdLog(sshd).match(/Connection from 127\.0\.0\.1/g)?.length ?? 0;
    const first = await openTab();
    const before = connections();
    const second = await openTab();
    expect(connections()).toBe(before);
    expect(second.tab.messages.map((m) => m.type)).not.toContain('host-key');
    expect(second.tab.messages.some((m) => m.type === 'status' && m.phase === 'handshake')).toBe(false);
    second.tab.type('echo second-$((9+9))\r');
    await second.tab.waitForOutput('second-18');
    first.tab.send({ type: 'close' });
    second.tab.send({ type: 'close' });
    first.tab.close();
    second.tab.close();
  });

  /** Runs `use` with a bridge of its own to a host of its own that allows `maxSessions` channels per connection. */
  async function withHostAllowing(maxSessions: number, use: (own: TestBridge) => Promise<void>): Promise<void> {
    const strict = await startSshd({ extraConfig: [`MaxSessions ${maxSessions}`] });
    const strictConfig = path.join(work, `config-max-${maxSessions}`);
    fs.writeFileSync(strictConfig, `Host de1\n  HostName 127.0.0.1\n  Port ${strict.port}\n  User ${strict.user}\n  IdentityFile ${strict.userKeyPath}\n`);
    const strictKnown = path.join(work, `known_hosts-max-${maxSessions}`);
    fs.writeFileSync(strictKnown, `${strict.knownHostsLine()}\n`);
    const own = await startTestBridge({ sshConfigPath: strictConfig, userKnownHostsPath: strictKnown });
    try {
      await use(own);
    } finally {
      await own.close();
      await strict.stop();
    }
  }

  /** Tabs to de1 on `own`, opened one after the other, each at its prompt. */
  async function openTabsOn(own: TestBridge, count: number): Promise<TabClient[]> {
    const tabs: TabClient[] = [];
    for (let i = 0; i < count; i++) {
      const tab = await TabClient.connect(own.wsUrl, { token: own.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      await tab.next('ready');
      tab.type(`echo tab-${i}-$((${i}+100))\r`);
      await tab.waitForOutput(`tab-${i}-${i + 100}`);
      tabs.push(tab);
    }
    return tabs;
  }

  it('makes a new connection when the host refuses another channel (MaxSessions)', () =>
    withHostAllowing(1, async (own) => {
      const tabs = await openTabsOn(own, 2);
      // The second tab tried the first connection, was refused a channel, and got one of its own.
      expect(tabs[1]!.messages.some((m) => m.type === 'status' && m.phase === 'handshake')).toBe(true);
      expect(own.sessions.connectionCount).toBe(2);
      for (const tab of tabs) tab.close();
    }));

  it('waits for its own listing of the host’s shells, not a new login, when that listing holds the last channel', () =>
    withHostAllowing(2, async (own) => {
      const tabs = await openTabsOn(own, 2);
      // The second tab took the channel opened ahead, and the host refused another: its shell ends, which leaves
      // one channel of two in use and none ahead.
      tabs[1]!.type('exit\r');
      await tabs[1]!.next('closed');
      // The launcher lists the host's shells as a tab opens: the listing's channel is asked for first, so the
      // host refuses the tab's until the listing is done.
      const marks: string[] = [];
      const ui = { phase: () => {}, mark: (step: string) => void marks.push(step), askHostKey: async () => false, askSecrets: async () => null };
      const listing = own.sessions.hostShells();
      const session = await own.sessions.open('de1', { cols: 80, rows: 24 }, ui);
      await listing;
      expect(marks).toContain('reused-connection');
      expect(marks, JSON.stringify(marks)).not.toContain('channel-refused');
      expect(own.sessions.connectionCount).toBe(1);
      session.close();
      for (const tab of tabs) tab.close();
    }));
});
