// Durable shells (--durable on) against the real test sshd and real tmux: the shell runs in tmux, and a cut connection is reconnected to the same shell, with what it printed meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from '../../server/net/delayProxy.js';
import { saveSession, startTestBridge, type TestBridge } from '../support/bridge.js';
import { onTestHost } from '../support/onTestHost.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-durable-'));
/** This file's own tmux server on the host, so parallel test files never share one. */
const TMUX_SOCKET = `lh-test-durable-${process.pid}`;

/** Runs a command on the test host with OpenSSH's own client, straight to sshd (not through the proxy). */
const onHost = (command: string) => onTestHost(sshd, command);

/** Checks until true (each check is a round trip to the host, or a look at the bridge), for at most 20 s. */
async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let configPath: string;
let knownHostsPath: string;
let proxy: DelayProxy;
let bridge: TestBridge;
beforeAll(async () => {
  proxy = await startDelayProxy({ target: { host: '127.0.0.1', port: sshd.port }, upMs: 0, downMs: 0 });
  const config = (configPath = path.join(work, 'config'));
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${proxy.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = (knownHostsPath = path.join(work, 'known_hosts'));
  const [type, key] = sshd.hostPublicKey.split(/\s+/);
  fs.writeFileSync(known, `[127.0.0.1]:${proxy.port} ${type} ${key}\n`);
  // Durable shells leave a silent connection at its first report (5 s), not after the product's longer wait.
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, durableTmuxSocket: TMUX_SOCKET, durableReattachAfterSilentMs: 5_000 });
});
afterAll(async () => {
  await bridge?.close();
  await proxy?.close();
  // This file's tmux server, by its name only (its clients first: a cut one would keep it from exiting).
  await onHost(`tmux -L ${TMUX_SOCKET} list-clients -F '#{client_pid}' 2>/dev/null | xargs kill 2>/dev/null; tmux -L ${TMUX_SOCKET} kill-server 2>/dev/null; true`);
  fs.rmSync(work, { recursive: true, force: true });
});

async function openTab(): Promise<TabClient> {
  const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
  await tab.next('ready');
  return tab;
}

async function shellPid(tab: TabClient, tag: string): Promise<string> {
  tab.type(`echo ${tag}-$$-pid\r`);
  const output = await tab.waitForOutput(new RegExp(`${tag}-(\\d+)-pid`));
  return new RegExp(`${tag}-(\\d+)-pid`).exec(output)![1]!;
}

/** The tmux session the tab's shell is in, as the shell itself says. */
async function sessionName(tab: TabClient): Promise<string> {
  tab.type('echo "session:$(tmux display -p "#{session_name}")"\r');
  const output = await tab.waitForOutput(/[\r\n]session:(lh-[0-9a-f-]+)\r\n/);
  return /[\r\n]session:(lh-[0-9a-f-]+)\r\n/.exec(output)![1]!;
}

/** The output the tab received from `from` on, as text. */
const outputSince = (tab: TabClient, from: number) => tab.outputBytesReceived().subarray(from).toString('utf8');

/**
 * A cut test waits up to 20 s for the host's own output and then up to 30 s for the tab to come back (each try to
 * reach the pane is bounded at 10 s, and retries back off to 15 s): the default 30 s for a whole test is less than that.
 */
const CUT_TEST_MS = 90_000;

describe('durable shells', () => {
  it('run in tmux, on longhaul’s own tmux server, which lists them', async () => {
    const tab = await openTab();
    try {
      const typed = 'echo "in-tmux:$TMUX:$TERM"\r';
      tab.type(typed);
      const output = await tab.waitForOutput(/\rin-tmux:[^\r\n]*\r\n/);
      expect(/\rin-tmux:([^:\r\n]*)[^\r\n]*:([^\r\n]*)\r\n/.exec(output)!.slice(1)).toEqual([expect.stringContaining(TMUX_SOCKET), 'xterm-256color']);
      const listed = await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}'`);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^lh-[0-9a-f-]{36}$/m);
      // tmux keeps the count of keys it ran (what a reconnected tab sends again is decided by it).
      const name = /^lh-[0-9a-f-]{36}$/m.exec(listed.stdout)![0];
      expect((await onHost(`tmux -L ${TMUX_SOCKET} show -v -t =${name}: @longhaul-typed`)).stdout.trim()).toBe(String(typed.length));
    } finally {
      tab.close();
    }
  });

  it('say which folder their shell is in (where uploads go when the shell does not report it)', async () => {
    const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    const { sessionId } = await tab.next('ready');
    try {
      tab.type('cd /tmp && echo moved-$((2+2))\r');
      await tab.waitForOutput(/[\r\n]moved-4\r\n/);
      const response = await fetch(`${bridge.httpUrl}/api/sessions/live/${sessionId}/folder`, { headers: { authorization: `Bearer ${bridge.token}` } });
      expect(await response.json()).toEqual({ folder: '/tmp' });
      const unknown = await fetch(`${bridge.httpUrl}/api/sessions/live/no-such-session/folder`, { headers: { authorization: `Bearer ${bridge.token}` } });
      expect(unknown.status).toBe(404);
    } finally {
      tab.close();
    }
  });

  it('come back after every TCP connection is cut: the same shell, the same more paging, and Space pages on', async () => {
    const tab = await openTab();
    const pid = await shellPid(tab, 'before');
    tab.type('seq 1 5000 | more\r');
    await tab.waitForOutput('--More--');
    const connectionsBefore = proxy.connectionsAccepted;
    const cutAt = tab.outputLength;
    proxy.dropConnections();

    await tab.until(() => tab.messages.some((m) => m.type === 'reconnecting' && m.attempt === null), 'word that the shell is back', 30_000);
    expect(proxy.connectionsAccepted).toBeGreaterThan(connectionsBefore);
    // more printed nothing meanwhile, and the tab is sent nothing again: --More-- is still what it shows last.
    expect(outputSince(tab, cutAt)).toBe('');
    expect(tab.messages.filter((m) => m.type === 'closed')).toEqual([]);
    // The page was told it was reconnecting (so the tab can say so), then that the shell is back.
    const reconnecting = tab.messages.flatMap((m) => (m.type === 'reconnecting' ? [m.attempt] : []));
    expect(reconnecting[0]).toBe(1);
    // The connection waterfall is told how it got back, after the word that it was reconnecting: its own new
    // login, or one another tab of this host was making (other shells here were cut too), then the shell.
    const firstTry = tab.messages.findIndex((m) => m.type === 'reconnecting');
    const told = tab.messages.slice(firstTry).flatMap((m) => (m.type === 'timeline' ? [m.steps.map((s) => s.name)] : []));
    // (One per try that reached the host: a try given up after its bound may still get there.)
    expect(told.length).toBeGreaterThan(0);
    expect(told.at(-1)!.at(-1)).toBe('shell-open');
    expect(told.at(-1)!.some((name) => ['tcp-connected', 'waiting-for-connection', 'reused-connection'].includes(name))).toBe(true);
    const pagedAt = tab.outputLength;
    tab.type(' ');
    // The next page: numbers after the first screenful, and more still asking.
    await tab.until(() => /\n4[0-9]\r\n/.test(outputSince(tab, pagedAt)) && outputSince(tab, pagedAt).includes('--More--'), 'the next page');
    const quitAt = tab.outputLength;
    tab.type('q');
    // more reads the keys typed before it has quit; the next command waits for the prompt.
    await tab.until(() => outputSince(tab, quitAt).includes('\x1b[?2004h'), 'the prompt after more');
    expect(await shellPid(tab, 'after')).toBe(pid);
    tab.close();
  }, CUT_TEST_MS);

  it('come back over a new connection when theirs goes silent without closing (a NAT that forgot it): the same shell', async () => {
    const tab = await openTab();
    const pid = await shellPid(tab, 'before-silence');
    const connectionsBefore = proxy.connectionsAccepted;
    // The open connections stop passing anything, both ways, without a reset; new ones flow.
    proxy.freezeConnections();
    try {
      await tab.until(() => tab.messages.some((m) => m.type === 'reconnecting' && m.attempt !== null), 'word that the tab is reconnecting', 20_000);
      await tab.until(() => tab.messages.some((m) => m.type === 'reconnecting' && m.attempt === null), 'the shell to be back', 30_000);
      expect(proxy.connectionsAccepted).toBeGreaterThan(connectionsBefore);
      expect(tab.messages.filter((m) => m.type === 'closed')).toEqual([]);
      expect(await shellPid(tab, 'after-silence')).toBe(pid);
    } finally {
      proxy.thawConnections();
    }
    tab.close();
  }, CUT_TEST_MS);

  it('come back all at once, many tabs after one cut, with the host’s tmux server still the same process', async () => {
    // Each tab's way back ends its session's cut-off client and starts a new one: done all at once, tmux (before
    // 3.7) could announce one client's end to another still starting, and its server died with every shell in it.
    const tabs = await Promise.all(Array.from({ length: 6 }, () => openTab()));
    const pids = await Promise.all(tabs.map((tab, i) => shellPid(tab, `many${i}`)));
    const server = async () => (await onHost(`tmux -L ${TMUX_SOCKET} display -p '#{pid}'`)).stdout.trim();
    const serverBefore = await server();
    expect(serverBefore).toMatch(/^\d+$/);
    for (let round = 0; round < 3; round++) {
      proxy.dropConnections();
      await Promise.all(
        tabs.map((tab) =>
          tab.until(() => tab.messages.filter((m) => m.type === 'reconnecting' && m.attempt === null).length > round, `tab back after cut ${round + 1}`, 30_000),
        ),
      );
    }
    expect(tabs.flatMap((tab) => tab.messages.filter((m) => m.type === 'closed'))).toEqual([]);
    expect(await Promise.all(tabs.map((tab, i) => shellPid(tab, `again${i}`)))).toEqual(pids);
    expect(await server()).toBe(serverBefore);
    for (const tab of tabs) tab.close();
  }, CUT_TEST_MS);

  it('deliver what the shell printed while the connection was down, each line once', async () => {
    const tab = await openTab();
    const pid = await shellPid(tab, 'before');
    const from = tab.outputLength;
    // The command line itself shows no mark and no marks-6-done, so only its output can match them.
    tab.type('sleep 2; seq -f mark-%g 300; echo marks-$((2*3))-done\r');
    await tab.waitForOutput('-done\r\n');
    // Held both ways, then cut: the reconnection cannot get through until the proxy lets it.
    proxy.pause();
    proxy.dropConnections();
    try {
      const listed = await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}'`);
      const sessions = listed.stdout.split('\n').filter(Boolean);
      // Wait on the host itself until the loop has finished printing, with no connection to longhaul.
      const deadline = performance.now() + 20_000;
      let printed = false;
      while (!printed && performance.now() < deadline) {
        for (const name of sessions) {
          const captured = await onHost(`tmux -L ${TMUX_SOCKET} capture-pane -p -t ${name} -S -400`);
          if (/^marks-6-done$/m.test(captured.stdout)) printed = true;
        }
      }
      expect(printed, 'the loop printed on the host while the connection was down').toBe(true);
      expect(outputSince(tab, from)).not.toMatch(/mark-1\r\n/);
    } finally {
      proxy.resume();
    }
    await tab.until(() => /[\r\n]marks-6-done\r\n/.test(outputSince(tab, from)), 'marks-6-done after the reconnection', 30_000);
    const after = outputSince(tab, from);
    for (let i = 1; i <= 300; i++) {
      const seen = after.split(`mark-${i}\r\n`).length - 1;
      if (seen !== 1) expect.fail(`mark-${i} arrived ${seen} times`);
    }
    expect(await shellPid(tab, 'after')).toBe(pid);
    // The control client cut off with the connection is gone: one client per session, the one attached now.
    const clients = (await onHost(`tmux -L ${TMUX_SOCKET} list-clients -F '#{session_name}'`)).stdout.split('\n').filter(Boolean);
    expect(clients.length).toBeGreaterThan(0);
    expect(new Set(clients).size).toBe(clients.length);
    tab.close();
  }, CUT_TEST_MS);

  it('deliver 5 MiB the shell printed while the connection was down, byte for byte', async () => {
    const tab = await openTab();
    await shellPid(tab, 'bulk');
    const from = tab.outputLength;
    // 110 000 lines of 50 bytes: far more than the pane's history holds.
    tab.type("sleep 2; seq -f 'line-%07g-abcdefghijklmnopqrstuvwxyz0123456789' 110000; echo bulk-$((2*3))-done\r");
    await tab.waitForOutput('-done\r\n');
    proxy.pause();
    proxy.dropConnections();
    try {
      const deadline = performance.now() + 30_000;
      let printed = false;
      while (!printed && performance.now() < deadline) {
        const listed = (await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}'`)).stdout.split('\n').filter(Boolean);
        for (const name of listed) if (/^bulk-6-done$/m.test((await onHost(`tmux -L ${TMUX_SOCKET} capture-pane -p -t ${name}`)).stdout)) printed = true;
      }
      expect(printed, 'the host printed it all while the connection was down').toBe(true);
    } finally {
      proxy.resume();
    }
    await tab.until(() => /[\r\n]bulk-6-done\r\n/.test(outputSince(tab, from)), 'bulk-6-done after the reconnection', 60_000);
    const after = outputSince(tab, from);
    const expected = Array.from({ length: 110_000 }, (_, i) => `line-${String(i + 1).padStart(7, '0')}-abcdefghijklmnopqrstuvwxyz0123456789\r\n`).join('');
    // From the first line (after bracketed paste's end and a carriage return) to the word after the last.
    const start = after.search(/[\r\n]line-0000001-/) + 1;
    const got = after.slice(start, after.indexOf('bulk-6-done\r\n', start));
    expect(start).toBeGreaterThan(0);
    expect(got.length).toBe(expected.length);
    expect(got === expected).toBe(true);
    tab.close();
  }, CUT_TEST_MS);

  it('hold a flood to the page’s pace: output stalls near the watermark while unacknowledged, and Ctrl-C works', async () => {
    const tab = await openTab();
    await shellPid(tab, 'flood');
    tab.autoAck = false;
    tab.type('yes longhaul-flow-control\r');
    await tab.waitForOutput('longhaul-flow-control\r\nlonghaul-flow-control');
    // Several real round trips to the host while `yes` runs flat out: without flow control the tab would get
    // megabytes meanwhile; with it, the watermark plus what tmux, SSH and ssh2 hold on the way (a few MiB).
    for (let i = 0; i < 5; i++) await onHost('true');
    expect(tab.outputLength).toBeLessThan(8 * 1024 * 1024);
    const stalledAt = tab.outputLength;
    for (let i = 0; i < 3; i++) await onHost('true');
    expect(tab.outputLength - stalledAt).toBeLessThan(1024 * 1024);
    tab.type('\x03');
    tab.autoAck = true;
    tab.send({ type: 'ack', offset: tab.outputLength });
    await tab.waitForOutput(/\^C[\s\S]*\$ $/, 30_000);
    tab.type('echo after-$((1+1))\r');
    await tab.waitForOutput(/[\r\n]after-2\r\n/);
    tab.close();
  });

  it('end their tmux session once a closed tab is past --keep-closed, and leave nothing running', async () => {
    const brief = await startTestBridge({ sshConfigPath: configPath, userKnownHostsPath: knownHostsPath, durableTmuxSocket: TMUX_SOCKET, keepClosedMs: 300 });
    try {
      const tab = await TabClient.connect(brief.wsUrl, { token: brief.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      await tab.next('ready');
      const name = await sessionName(tab);
      expect((await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}'`)).stdout.split('\n')).toContain(name);
      tab.close();
      await waitFor(async () => brief.sessions.size === 0, 'the kept shell to end');
      await waitFor(async () => !(await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}'`)).stdout.split('\n').includes(name), `${name} gone from tmux`);
      // No tmux client of it is left either (the bracket keeps grep from finding its own command line).
      await waitFor(async () => (await onHost(`ps -eo args | grep -c '[${name[0]}]${name.slice(1)}'; true`)).stdout.trim() === '0', `no process left for ${name}`);
    } finally {
      await brief.close();
    }
  });

  it('from a saved session marked Keep running when closed, stay on the host past --keep-closed, no longer longhaul’s', async () => {
    const brief = await startTestBridge({ sshConfigPath: configPath, userKnownHostsPath: knownHostsPath, durableTmuxSocket: TMUX_SOCKET, keepClosedMs: 300 });
    try {
      const savedSessionId = await saveSession(brief, { name: 'de1 kept running', target: 'de1', keepRunningWhenClosed: true });
      const tab = await TabClient.connect(brief.wsUrl, { token: brief.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, savedSessionId });
      await tab.next('ready');
      const name = await sessionName(tab);
      const pid = (await onHost(`tmux -L ${TMUX_SOCKET} display -p -t =${name}: '#{pane_pid}'`)).stdout.trim();
      tab.close();
      await waitFor(async () => brief.sessions.size === 0, 'longhaul to let the closed tab’s shell go');
      // Still there, the same shell, with nobody attached.
      expect((await onHost(`tmux -L ${TMUX_SOCKET} display -p -t =${name}: '#{pane_pid}'`)).stdout.trim()).toBe(pid);
      await onHost(`tmux -L ${TMUX_SOCKET} kill-session -t =${name}`);
    } finally {
      await brief.close();
    }
  });

  it('not for a saved session whose shells end with longhaul (Shell: off): a shell on a pty', async () => {
    const savedSessionId = await saveSession(bridge, { name: 'de1 on a pty', target: 'de1', durable: 'off' });
    const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, savedSessionId });
    await tab.next('ready');
    expect(tab.messages.flatMap((m) => (m.type === 'status' && m.note ? [m.note] : []))).toContain(
      'This saved session keeps its shells on a pty (Shell: Ends with longhaul): this shell ends if longhaul stops.',
    );
    tab.type('echo "tmux:${TMUX:-none}:"\r');
    await tab.waitForOutput(/[\r\n]tmux:none:\r\n/);
    tab.close();
  });

  it('end their tmux session when the shell exits', async () => {
    const tab = await openTab();
    const name = await sessionName(tab);
    tab.type('exit\r');
    await tab.next('closed');
    const listed = await onHost(`tmux -L ${TMUX_SOCKET} ls -F '#{session_name}' 2>/dev/null`);
    expect(listed.stdout.split('\n')).not.toContain(name);
  });
});
