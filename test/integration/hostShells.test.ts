// Shells on the host that no tab of this longhaul shows (left by another longhaul), against the real sshd and tmux:
// listed under the host with their last line, and taken by a tab, which then types into that same shell.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HostShell } from '../../shared/hostShells.js';
import { startTestBridge, type TestBridge } from '../support/bridge.js';
import { knownHostsLineFor } from '../support/sshd.js';
import { onTestHost } from '../support/onTestHost.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-host-shells-'));
/** This file's own tmux server on the host. */
const TMUX_SOCKET = `${inject('tmuxPrefix')}hostshells-${process.pid}`;
let bridge: TestBridge;

/** Runs a command on the test host with OpenSSH's own client, straight to sshd: what it printed. */
const onHost = (command: string): Promise<string> => onTestHost(sshd, command).then((ran) => ran.stdout);

beforeAll(async () => {
  const config = path.join(work, 'config');
  fs.writeFileSync(config, `Host de1\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${sshd.user}\n  IdentityFile ${sshd.userKeyPath}\n`);
  const known = path.join(work, 'known_hosts');
  fs.writeFileSync(known, `${knownHostsLineFor(sshd)}\n`);
  bridge = await startTestBridge({ sshConfigPath: config, userKnownHostsPath: known, durableTmuxSocket: TMUX_SOCKET });
});
afterAll(async () => {
  await bridge?.close();
  await onHost(`tmux -L ${TMUX_SOCKET} kill-server 2>/dev/null; true`);
  fs.rmSync(work, { recursive: true, force: true });
});

async function api(method: 'GET' | 'POST', url: string, body?: object) {
  const response = await bridge.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bridge.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: response.statusCode, json: response.json() as Record<string, unknown> };
}

const listed = async () => ((await api('GET', '/api/sessions/host-shells')).json as { shells: HostShell[] }).shells;

describe('shells on a host that no tab shows', () => {
  it('are listed under the host with their last line, and a tab takes one: the same shell, typed into', async () => {
    // Another longhaul's shell on the same tmux server, which printed something and waits at its prompt.
    const orphan = `lh-${randomUUID()}`;
    await onHost(`tmux -L ${TMUX_SOCKET} -f /dev/null new-session -d -s ${orphan} -x 80 -y 24 && tmux -L ${TMUX_SOCKET} send-keys -t =${orphan}: 'echo left-by-$((40+2))' Enter`);
    const orphanPid = (await onHost(`tmux -L ${TMUX_SOCKET} display -p -t =${orphan}: '#{pane_pid}'`)).trim();
    expect(orphanPid).toMatch(/^\d+$/);

    // A tab of this longhaul's on de1: its connection is where the host is asked, and its own shell is not offered.
    const own = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    own.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
    await own.next('ready');
    let shells: HostShell[] = [];
    const deadline = performance.now() + 15_000;
    while (!shells.some((s) => s.sessionName === orphan && s.lastLine === 'left-by-42') && performance.now() < deadline) shells = await listed();
    expect(shells).toEqual([expect.objectContaining({ target: 'de1', sessionName: orphan, lastLine: 'left-by-42' })]);

    const taken = await api('POST', '/api/sessions/host-shells/take', { target: 'de1', sessionName: orphan });
    expect(taken.status, JSON.stringify(taken.json)).toBe(200);
    const tab = await TabClient.connect(bridge.wsUrl, { token: bridge.token });
    tab.send({ type: 'attach', sessionId: taken.json.id as string, offset: 0, cols: 80, rows: 24 });
    // Its screen comes back from tmux, then it is typed into like any tab.
    await tab.waitForOutput(/left-by-42/, 20_000);
    tab.type('echo pid-$$-now\r');
    const output = await tab.waitForOutput(/[\r\n]pid-(\d+)-now\r\n/, 20_000);
    expect(/[\r\n]pid-(\d+)-now\r\n/.exec(output)![1]).toBe(orphanPid);
    // Held now: no longer offered.
    expect((await listed()).map((s) => s.sessionName)).not.toContain(orphan);
    tab.close();
    own.close();
  }, 60_000);

  it('refuses to take what is not a shell longhaul started, in words', async () => {
    const refused = await api('POST', '/api/sessions/host-shells/take', { target: 'de1', sessionName: 'main' });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/^sessionName must be the name of a shell longhaul started/);
  });
});
