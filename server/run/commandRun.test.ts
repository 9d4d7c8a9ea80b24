// A run over fake channels: logins bounded, logged-in targets not waiting, one final line per target, stopping.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ClientChannel } from 'ssh2';
import type { RunLine } from '../../shared/run.js';
import type { ConnectUi } from '../session/connectTarget.js';
import type { CommandChannel, CommandExit } from '../ssh/sshConnection.js';
import { CommandRun } from './commandRun.js';

class FakeChannel extends EventEmitter {
  readonly stderr = new EventEmitter();
  signals: string[] = [];
  closed = false;
  private settleExit!: (exit: CommandExit | undefined) => void;
  readonly exit = new Promise<CommandExit | undefined>((resolve) => (this.settleExit = resolve));
  signal(name: string) {
    this.signals.push(name);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.settleExit(undefined);
    this.emit('close');
  }
  pause() {}
  resume() {}
  finish(code: number, stdout = '') {
    if (stdout) this.emit('data', Buffer.from(stdout));
    this.settleExit({ code });
    this.closed = true;
    this.emit('close');
  }
}

/** A fake bridge: each exec waits until the test logs it in, then opens a channel. */
function fakeHosts(loggedIn: Set<string>) {
  const logins = new Map<string, { ui: ConnectUi; open: () => FakeChannel }>();
  const channels = new Map<string, FakeChannel>();
  const exec = (target: string, _command: string, ui: ConnectUi) =>
    new Promise<CommandChannel>((resolve, reject) => {
      const open = () => {
        const channel = new FakeChannel();
        channels.set(target, channel);
        resolve({ channel: channel as unknown as ClientChannel, exit: channel.exit });
        return channel;
      };
      if (target.startsWith('down')) return reject(new Error(`${target}:22 refused the connection. Is sshd running there, and on that port?`));
      if (loggedIn.has(target)) {
        ui.mark('reused-connection', target);
        open();
      } else logins.set(target, { ui, open });
    });
  const logIn = (target: string) => {
    const login = logins.get(target)!;
    login.ui.mark('authenticated', target);
    return login.open();
  };
  return { exec, logins, channels, logIn, loggedIn: (target: string) => loggedIn.has(target) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function start(targets: string[], hosts: ReturnType<typeof fakeHosts>, parallelism?: number) {
  const lines: RunLine[] = [];
  const run = new CommandRun(
    targets,
    'hostname',
    { exec: hosts.exec, loggedIn: hosts.loggedIn, now: () => 0, wallClock: () => 1_000 },
    { write: (line) => (lines.push(line), true), onDrain: () => {} },
    parallelism ? { parallelism } : {},
  );
  return { run, lines };
}

describe('CommandRun', () => {
  it('logs in to at most `parallelism` targets at once, and a logged-in target waits for no slot', async () => {
    const targets = Array.from({ length: 10 }, (_, i) => `h${i}`);
    const hosts = fakeHosts(new Set(['h9']));
    const { run, lines } = start(targets, hosts, 3);
    await tick();
    expect([...hosts.logins.keys()]).toEqual(['h0', 'h1', 'h2']);
    expect(hosts.channels.has('h9')).toBe(true);
    hosts.logIn('h1');
    await tick();
    // Logged in, h1 gives its slot to the next target while its command still runs.
    expect([...hosts.logins.keys()]).toEqual(['h0', 'h1', 'h2', 'h3']);
    for (const target of targets.slice(0, 9)) {
      if (!hosts.channels.has(target)) hosts.logIn(target);
      await tick();
    }
    for (const channel of hosts.channels.values()) channel.finish(0, 'name\n');
    const finished = await run.finished;
    expect(finished.results.map((r) => r.target)).toEqual(targets);
    expect(finished.results.every((r) => 'exitCode' in r && r.exitCode === 0 && r.stdout === 'name\n')).toBe(true);
    expect(lines.filter((l) => !('stream' in l))).toHaveLength(10);
  });

  it('gives a target it could not reach its sentence, and the others their results', async () => {
    const hosts = fakeHosts(new Set(['up']));
    const { run } = start(['up', 'down1'], hosts);
    await tick();
    hosts.channels.get('up')!.finish(3);
    expect((await run.finished).results).toEqual([
      expect.objectContaining({ target: 'up', exitCode: 3 }),
      { target: 'down1', error: 'down1:22 refused the connection. Is sshd running there, and on that port?' },
    ]);
  });

  it('stop signals and closes running commands, and says so for targets not started', async () => {
    const hosts = fakeHosts(new Set(['a']));
    const { run } = start(['a', 'b', 'c'], hosts, 1);
    await tick();
    run.stop();
    const channel = hosts.channels.get('a')!;
    expect(channel.signals).toEqual(['TERM']);
    expect(channel.closed).toBe(true);
    // b was logging in when the run stopped: its channel is closed as soon as it opens.
    const b = hosts.logIn('b');
    const finished = await run.finished;
    expect(b.signals).toEqual(['TERM']);
    expect(finished.results).toEqual([
      expect.objectContaining({ target: 'a', exitCode: null, stopped: true }),
      expect.objectContaining({ target: 'b', stopped: true }),
      { target: 'c', error: 'The run was stopped before the command started on c.' },
    ]);
    expect(finished.stopped).toBe(true);
  });
});
