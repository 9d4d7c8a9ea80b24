// A durable shell (the default, where the host has tmux) outlives longhaul stopped or killed: the next run reattaches to it, and the reloaded tab gets the same shell with its screen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { de1Args, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { onTestHost } from '../support/onTestHost.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-durable-restart-'));
// An empty HOME: the machine's own ~/.ssh keys must not decide how these tests log in.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-durable-restart-home-'));
/** This file's own tmux server on the host. */
const TMUX_SOCKET = `lh-test-restart-${process.pid}`;
const args = de1Args(work, sshd, sshd.port);
const dataDir = args[args.indexOf('--data-dir') + 1]!;
const env = { HOME: home, LONGHAUL_TMUX_SOCKET: TMUX_SOCKET };

/** Runs a command on the test host with OpenSSH's own client, straight to sshd: what it printed. */
const onHost = (command: string): Promise<string> => onTestHost(sshd, command).then((ran) => ran.stdout);

afterAll(async () => {
  await onHost(`tmux -L ${TMUX_SOCKET} list-clients -F '#{client_pid}' 2>/dev/null | xargs kill 2>/dev/null; tmux -L ${TMUX_SOCKET} kill-server 2>/dev/null; true`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

/** The durable sessions longhaul has kept in its store, as a crash leaves the file. */
function keptDurable(): string[] {
  const file = path.join(dataDir, 'longhaul.db');
  if (!fs.existsSync(file)) return [];
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT live_session_id AS id FROM live_sessions WHERE tmux_session IS NOT NULL').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const wsUrlOf = (longhaul: LonghaulProcess) => `${longhaul.origin.replace(/^http/, 'ws')}/ws`;
const tokenOf = (longhaul: LonghaulProcess) => new URL(longhaul.url).searchParams.get('token')!;

describe('a durable shell and a stopped or killed longhaul', () => {
  it.each([
    ['SIGTERM', ''],
    ['SIGKILL', ''],
    // --durable is about new tabs: shells already in tmux still come back (left alone they would run for ever).
    ['SIGKILL', ' started with --durable off'],
  ] as const)('after %s, is reattached by the next run%s: the reloaded tab has the same shell, its screen restored', async (signal, next) => {
    const first = await startLonghaul(args, env, { fromSource: true });
    let second: LonghaulProcess | undefined;
    try {
      const tab = await TabClient.connect(wsUrlOf(first), { token: tokenOf(first) });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      const { sessionId } = await tab.next('ready');
      tab.type('echo pid-$$-before; echo kept-$((3*4))\r');
      const output = await tab.waitForOutput(/pid-(\d+)-before[\s\S]*kept-12\r\n/);
      const pid = /pid-(\d+)-before/.exec(output)![1]!;
      await waitFor(() => keptDurable().includes(sessionId), 'the store to keep the durable session');
      await first.stop(signal);
      // Stopped on purpose or not, the shell runs on in tmux, and the store still knows it.
      expect(keptDurable()).toContain(sessionId);
      tab.close();

      second = await startLonghaul(next ? [...args, '--durable', 'off'] : args, env, { fromSource: true });
      const reloaded = await TabClient.connect(wsUrlOf(second), { token: tokenOf(second) });
      reloaded.send({ type: 'attach', sessionId, offset: 0, cols: 80, rows: 24 });
      // The screen comes back from tmux, the shell's own earlier output on it.
      await reloaded.waitForOutput(/kept-12\r\n/, 30_000);
      reloaded.type('echo pid-$$-after\r');
      const after = await reloaded.waitForOutput(/pid-(\d+)-after\r\n/);
      expect(/[\r\n]pid-(\d+)-after\r\n/.exec(after)![1]).toBe(pid);
      reloaded.close();
    } finally {
      await first.stop('SIGKILL');
      await second?.stop();
    }
  });

  it('taken back by the next run, ends after --keep-closed unless its saved session says Keep running when closed', async () => {
    const first = await startLonghaul(args, env, { fromSource: true });
    let second: LonghaulProcess | undefined;
    try {
      const created = await fetch(`${first.origin}/api/sessions/saved`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenOf(first)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'de1 kept running', target: 'de1', keepRunningWhenClosed: true }),
      });
      expect(created.status).toBe(201);
      const savedSessionId = ((await created.json()) as { id: string }).id;
      /** A tab's tmux session, as its shell says it. */
      const openTab = async (saved?: string) => {
        const tab = await TabClient.connect(wsUrlOf(first), { token: tokenOf(first) });
        tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, ...(saved ? { savedSessionId: saved } : {}) });
        const { sessionId } = await tab.next('ready');
        tab.type('echo "session:$(tmux display -p "#{session_name}")"\r');
        const output = await tab.waitForOutput(/[\r\n]session:(lh-[0-9a-f-]+)\r\n/);
        return { tab, sessionId, name: /[\r\n]session:(lh-[0-9a-f-]+)\r\n/.exec(output)![1]! };
      };
      const kept = await openTab(savedSessionId);
      const plain = await openTab();
      await waitFor(() => keptDurable().includes(kept.sessionId) && keptDurable().includes(plain.sessionId), 'the store to keep both');
      const panePid = (name: string) => onHost(`tmux -L ${TMUX_SOCKET} display -p -t =${name}: '#{pane_pid}' 2>/dev/null`).then((out) => out.trim());
      const keptPid = await panePid(kept.name);
      await first.stop('SIGKILL');
      kept.tab.close();
      plain.tab.close();

      // No tab comes for either: the plain one's shell ends at once, the kept one's runs on.
      second = await startLonghaul([...args, '--keep-closed', '0'], env, { fromSource: true });
      const deadline = performance.now() + 20_000;
      while ((await panePid(plain.name)) !== '' && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await panePid(plain.name)).toBe('');
      expect(await panePid(kept.name)).toBe(keptPid);
      await onHost(`tmux -L ${TMUX_SOCKET} kill-session -t =${kept.name}`);
    } finally {
      await first.stop('SIGKILL');
      await second?.stop();
    }
  });
});
