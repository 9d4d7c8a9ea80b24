// DurableShell's decisions with time and tmux faked: when it tries to get back to its pane, what it sends, and when it gives up.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.js';
import { DurableShell, NoTmuxError, REATTACH_TRY_MS } from './durableShell.js';
import type { ControlChannel } from './tmuxControlClient.js';
import { TmuxServerGate } from './tmuxServerGate.js';

/** Let the fake tmux answer and the shell's promises run: a few turns of the event loop, no time passing. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * What the fake tmux server keeps across its clients: the session's count of keys run (@longhaul-typed), and
 * whether a client's own attach comes late (after it has read this many commands: tmux runs a client's first
 * commands before its command line's attach when they are already there).
 */
const host = { typed: undefined as number | undefined, attachAfterCommands: 0 };

/** A control client's channel whose tmux answers as tmux 3.3a does, for a session with one pane `%7`. */
class FakeTmuxChannel extends EventEmitter implements ControlChannel {
  readonly stderr = new EventEmitter();
  writableLength = 0;
  readonly commands: string[] = [];
  /** 'dead': the connection went and nobody knows yet (nothing arrives); 'mute': commands run, replies are lost. */
  link: 'up' | 'dead' | 'mute' = 'up';
  private number = 100;
  private readonly attachAfterCommands = host.attachAfterCommands;
  /** Commands and the client's attach, in the order tmux saw them. */
  readonly seen: string[] = [];
  /** `promptFirst`: the shell prints before tmux answers which pane it is in (as it does on a far link). */
  constructor(private readonly sessionName: string, promptFirst?: string) {
    super();
    setImmediate(() => {
      if (this.attachAfterCommands === 0) this.attached();
      if (promptFirst) this.output(promptFirst);
    });
  }
  private attached(): void {
    this.seen.push('attached');
    this.reply(false, []);
    this.push(`%session-changed $1 ${this.sessionName}\n`);
  }
  write(text: string): boolean {
    for (const line of text.split('\n').filter(Boolean)) {
      if (this.link === 'dead') continue;
      this.commands.push(line);
      this.seen.push(line.split(' ')[0]!);
      if (this.commands.length === this.attachAfterCommands) setImmediate(() => this.attached());
      const count = / ; set-option -t =lh-test: @longhaul-typed (\d+)$/.exec(line);
      if (count) host.typed = Number(count[1]);
      if (this.link === 'mute') continue;
      if (line.startsWith('show-options')) this.reply(true, host.typed === undefined ? [] : [String(host.typed)]);
      else if (line.startsWith('list-panes') && line.includes('#{pane_id}')) this.reply(true, ['%7 0 2 1 0']);
      else if (line.startsWith('list-panes')) this.reply(true, ['0 2 1 0']);
      else if (line.startsWith('capture-pane')) this.reply(true, ['$ echo hi', 'hi', '$']);
      else this.reply(true, []);
    }
    return true;
  }
  output(text: string): void {
    this.push(`%output %7 ${text}\n`);
  }
  /** The connection under it went: no %exit, the channel just closes. */
  cut(): void {
    this.emit('close');
  }
  pause(): void {}
  resume(): void {}
  close(): void {
    this.emit('close');
  }
  private reply(fromClient: boolean, lines: string[]): void {
    const guard = `1796288000 ${this.number++} ${fromClient ? 1 : 0}`;
    this.push(`%begin ${guard}\n${lines.map((l) => `${l}\n`).join('')}%end ${guard}\n`);
  }
  private push(text: string): void {
    setImmediate(() => this.emit('data', Buffer.from(text)));
  }
}

/** An exec channel that prints what the host's pane log would (a header line, then bytes), then exits 0. */
class FakeLogChannel extends EventEmitter implements ControlChannel {
  readonly stderr = new EventEmitter();
  writableLength = 0;
  constructor(printed: string, exitCode = 0) {
    super();
    setImmediate(() => {
      this.emit('data', Buffer.from(printed));
      this.emit('exit', exitCode);
      this.emit('close');
    });
  }
  write(): boolean {
    return true;
  }
  pause(): void {}
  resume(): void {}
  close(): void {}
}

const ref = { socket: 'longhaul', sessionName: 'lh-test' };
const size = { cols: 80, rows: 24 };

function harness(execOutcomes: Array<'fail' | 'ok' | 'gone'>) {
  host.typed = undefined;
  host.attachAfterCommands = 0;
  const clock = new FakeClock();
  const execs: { at: number; command: string }[] = [];
  const channels: FakeTmuxChannel[] = [];
  const reads: string[] = [];
  const log = { text: undefined as string | undefined, cutAfter: undefined as number | undefined };
  const deps = {
    clock,
    gate: new TmuxServerGate(clock),
    label: 'de1',
    term: 'xterm-256color',
    /** What the pane's log holds, from its start (undefined: the host keeps none), and the commands that read it. */
    read: async (command: string): Promise<ControlChannel> => {
      reads.push(command);
      if (log.text === undefined) throw new Error('this fake host keeps no log');
      const from = Number(/k=(-?\d+);/.exec(command)![1]);
      const text = log.text;
      const bytes = from >= 0 ? text.slice(from) : '';
      // A host that stops part way (the connection went): some bytes, then a failure.
      if (log.cutAfter !== undefined) return new FakeLogChannel(`log 0 ${text.length}\n${bytes.slice(0, log.cutAfter)}`, 255);
      return new FakeLogChannel(`log 0 ${text.length}\n${bytes}`);
    },
    exec: async (command: string, connected?: () => Promise<void>) => {
      execs.push({ at: clock.time, command });
      const outcome = execOutcomes.shift() ?? 'fail';
      if (outcome === 'fail') throw new Error('connect ECONNREFUSED');
      await connected?.();
      const channel = new FakeTmuxChannel(ref.sessionName);
      if (outcome === 'gone') {
        setImmediate(() => {
          channel.emit('data', Buffer.from('%begin 1 1 0\ncan\'t find session: lh-test\n%error 1 1 0\n%exit\n'));
          channel.emit('exit', 1);
          setImmediate(() => channel.emit('close'));
        });
      }
      channels.push(channel);
      return channel;
    },
  };
  return { clock, execs, channels, deps, reads, log };
}

async function opened(h: ReturnType<typeof harness>) {
  const first = new FakeTmuxChannel(ref.sessionName);
  const shell = await DurableShell.open(ref, h.deps, size, async () => first);
  const output: string[] = [];
  let closed = false;
  shell.stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  shell.stream.on('close', () => (closed = true));
  return { shell, first, output, isClosed: () => closed };
}

describe('DurableShell', () => {
  it('keeps what the shell printed before the attach was done for the first reader of its output', async () => {
    const h = harness([]);
    const shell = await DurableShell.open(ref, h.deps, size, async () => new FakeTmuxChannel(ref.sessionName, 'user@de1:~$ '));
    const output: string[] = [];
    shell.stream.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    expect(output).toEqual(['user@de1:~$ ']);
  });

  it('types keys into its pane as hex bytes, and resizes its client', async () => {
    const h = harness([]);
    const { shell, first } = await opened(h);
    shell.write(Buffer.from('é\r'));
    shell.resize(100, 30);
    expect(first.commands.slice(-2)).toEqual(['send-keys -H -t %7 c3 a9 0d ; set-option -t =lh-test: @longhaul-typed 3', 'refresh-client -C 100x30']);
  });

  it('after a cut, tries again at once, then after 0.5 s, 1 s, …, on the clock it is given', async () => {
    const h = harness(['fail', 'fail', 'fail', 'ok']);
    const { shell, first } = await opened(h);
    first.cut();
    await h.clock.advanceSettling(0, settle);
    expect(shell.isReconnecting).toBe(true);
    await h.clock.advanceSettling(10_000, settle);
    expect(h.execs.map((e) => e.at)).toEqual([0, 500, 1500, 3500]);
    expect(h.execs.every((e) => e.command.includes('attach-session -t =lh-test'))).toBe(true);
    expect(shell.isReconnecting).toBe(false);
    expect(shell.reconnects).toBe(1);
  });

  it('tells each try as it starts, and that it is back once it is', async () => {
    const h = harness(['fail', 'fail', 'ok']);
    const { shell, first } = await opened(h);
    const told: Array<number | null> = [];
    shell.onReconnecting((attempt) => told.push(attempt));
    first.cut();
    await h.clock.advanceSettling(10_000, settle);
    expect(told).toEqual([1, 2, 3, null]);
  });

  it('sends keys typed while it was cut once it is back, after the catch-up', async () => {
    const h = harness(['fail', 'ok']);
    const { shell, first, output } = await opened(h);
    // tmux has said where the cursor is (its answer to the checkpoint asked on opening).
    await h.clock.advanceSettling(0, settle);
    first.cut();
    await h.clock.advanceSettling(0, settle);
    shell.write(Buffer.from('ls\r'));
    expect(shell.pendingInputBytes).toBe(3);
    await h.clock.advanceSettling(1_000, settle);
    const back = h.channels[0]!;
    expect(back.commands.at(-1)).toBe('send-keys -H -t %7 6c 73 0d ; set-option -t =lh-test: @longhaul-typed 3');
    // The catch-up: from the line the cursor was on, to where it is now, the cursor put back in its column.
    expect(output.at(-1)).toBe('\r$ echo hi\r\nhi\r\n$\r\x1b[2C');
  });

  it('catches a tab up from the pane’s log, byte for byte, from the count of bytes it was given', async () => {
    const h = harness(['ok', 'ok']);
    const { first, output } = await opened(h);
    first.output('abc');
    await h.clock.advanceSettling(0, settle);
    first.cut();
    // The pane printed on meanwhile: the log has it all, from the pane's first byte.
    h.log.text = 'abcdef\x1b[1mghij';
    await h.clock.advanceSettling(1_000, settle);
    expect(h.reads).toHaveLength(1);
    expect(h.reads[0]).toContain('k=3;');
    expect(output.join('')).toBe('abcdef\x1b[1mghij');
    expect(h.channels[0]!.commands.some((c) => c.startsWith('capture-pane'))).toBe(false);
    // The count goes on from the log's end: the next cut reads from there.
    h.channels[0]!.output('k');
    await h.clock.advanceSettling(0, settle);
    h.channels[0]!.cut();
    h.log.text += 'kl';
    await h.clock.advanceSettling(1_000, settle);
    expect(h.reads[1]).toContain('k=15;');
    expect(output.join('')).toBe('abcdef\x1b[1mghijkl');
  });

  it('redraws the screen whole when the log ran out part way (the lines since the checkpoint would show twice)', async () => {
    const h = harness(['ok']);
    const { first, output } = await opened(h);
    await h.clock.advanceSettling(0, settle);
    first.cut();
    h.log.text = 'abcdef';
    h.log.cutAfter = 2;
    await h.clock.advanceSettling(1_000, settle);
    const capture = h.channels[0]!.commands.find((c) => c.startsWith('capture-pane'));
    expect(capture).toContain('-S 0 ');
    expect(output).toEqual(['ab', '\x1b[H\x1b[2J$ echo hi\r\nhi\r\n$\r\x1b[2C']);
  });

  it('catches a tab up from tmux’s lines when the pane printed after the new client attached (where its output starts in the log is not known)', async () => {
    const h = harness(['ok']);
    const { first, output } = await opened(h);
    await h.clock.advanceSettling(0, settle);
    first.cut();
    h.log.text = 'abc';
    const reattach = h.deps.exec;
    h.deps.exec = async (command, connected) => {
      const channel = await reattach(command, connected);
      setImmediate(() => channel.output('new'));
      return channel;
    };
    await h.clock.advanceSettling(1_000, settle);
    expect(h.reads).toHaveLength(1);
    expect(h.channels[0]!.commands.some((c) => c.startsWith('capture-pane'))).toBe(true);
    expect(output).toEqual(['\r$ echo hi\r\nhi\r\n$\r\x1b[2C']);
  });

  it('sends again, once back, keys typed into a connection that had died without a word', async () => {
    const h = harness(['ok']);
    const { shell, first } = await opened(h);
    first.write('send-keys -H -t %7 61 ; set-option -t =lh-test: @longhaul-typed 1\n'); // as if typed earlier: ran
    await h.clock.advanceSettling(0, settle);
    first.link = 'dead';
    shell.write(Buffer.from('ls\r'));
    first.cut();
    await h.clock.advanceSettling(1_000, settle);
    const typedAgain = h.channels[0]!.commands.filter((c) => c.startsWith('send-keys'));
    expect(typedAgain).toEqual(['send-keys -H -t %7 6c 73 0d ; set-option -t =lh-test: @longhaul-typed 3']);
  });

  it('reads the pane and types into it only once tmux has attached its client, however late that comes', async () => {
    const h = harness(['ok']);
    const { shell, first } = await opened(h);
    first.cut();
    host.attachAfterCommands = 1; // the count of keys run is asked at once; the rest must wait for the attach
    shell.write(Buffer.from('ls\r'));
    await h.clock.advanceSettling(1_000, settle);
    expect(shell.isReconnecting).toBe(false);
    const seen = h.channels[0]!.seen;
    expect(seen.indexOf('attached')).toBeGreaterThan(-1);
    expect(seen.indexOf('attached')).toBeLessThan(seen.indexOf('list-panes'));
    expect(seen.indexOf('attached')).toBeLessThan(seen.indexOf('capture-pane'));
    expect(seen.indexOf('attached')).toBeLessThan(seen.indexOf('send-keys'));
  });

  it('does not send again keys tmux ran whose answer the cut took', async () => {
    const h = harness(['ok']);
    const { shell, first } = await opened(h);
    first.link = 'mute';
    shell.write(Buffer.from('ls\r'));
    await h.clock.advanceSettling(0, settle);
    expect(host.typed).toBe(3);
    first.cut();
    await h.clock.advanceSettling(1_000, settle);
    expect(shell.isReconnecting).toBe(false);
    expect(h.channels[0]!.commands.filter((c) => c.startsWith('send-keys'))).toEqual([]);
    shell.write(Buffer.from('x'));
    expect(h.channels[0]!.commands.at(-1)).toBe('send-keys -H -t %7 78 ; set-option -t =lh-test: @longhaul-typed 4');
  });

  it('waits for the host’s tmux server only once connected: a try still logging in holds no other shell back', async () => {
    const h = harness(['ok']);
    // Another shell of the same tmux server whose try never gets a connection (a login that hangs).
    const stuck = DurableShell.reattachLater(ref, { ...h.deps, exec: () => new Promise<never>(() => {}) });
    const shell = DurableShell.reattachLater(ref, h.deps);
    await h.clock.advanceSettling(1_000, settle);
    expect(stuck.isReconnecting).toBe(true);
    expect(shell.isReconnecting).toBe(false);
  });

  it('counts on from the host’s figure for a shell a previous run left', async () => {
    const h = harness(['ok']);
    host.typed = 50;
    const shell = DurableShell.reattachLater(ref, h.deps);
    shell.write(Buffer.from('y'));
    await h.clock.advanceSettling(1_000, settle);
    expect(shell.isReconnecting).toBe(false);
    expect(h.channels[0]!.commands.filter((c) => c.startsWith('send-keys'))).toEqual(['send-keys -H -t %7 79 ; set-option -t =lh-test: @longhaul-typed 51']);
  });

  it('gives up on a try that gets no answer (a connection that died without a word) and makes the next', async () => {
    const h = harness([]);
    const { shell, first } = await opened(h);
    let tries = 0;
    h.deps.exec = (command: string) => {
      h.execs.push({ at: h.clock.time, command });
      tries++;
      return tries === 1 ? new Promise<never>(() => {}) : Promise.resolve(new FakeTmuxChannel(ref.sessionName));
    };
    first.cut();
    await h.clock.advanceSettling(0, settle);
    await h.clock.advanceSettling(REATTACH_TRY_MS + 1_000, settle);
    expect(h.execs.map((e) => e.at)).toEqual([0, REATTACH_TRY_MS + 500]);
    expect(shell.isReconnecting).toBe(false);
  });

  it('gets back to its pane when tmux lets its client go for falling too far behind, and ends when the session ends', async () => {
    const h = harness(['ok']);
    const { shell, first, isClosed } = await opened(h);
    first.emit('data', Buffer.from('%exit too far behind\n'));
    first.cut();
    await h.clock.advanceSettling(1_000, settle);
    expect(h.execs).toHaveLength(1);
    expect(shell.isReconnecting).toBe(false);
    expect(isClosed()).toBe(false);
    const back = h.channels[0]!;
    // As tmux tells a client whose session ended: the sessions changed, then a bare %exit.
    back.emit('data', Buffer.from('%sessions-changed\n%exit\n'));
    back.cut();
    await h.clock.advanceSettling(1_000, settle);
    expect(isClosed()).toBe(true);
    expect(h.execs).toHaveLength(1);
  });

  it('gets back to its pane when its client is killed (a bare %exit with no session change before it)', async () => {
    const h = harness(['ok']);
    const { shell, first, isClosed } = await opened(h);
    first.emit('data', Buffer.from('%sessions-changed\n%output %7 still here\n%exit\n'));
    first.cut();
    await h.clock.advanceSettling(1_000, settle);
    expect(h.execs).toHaveLength(1);
    expect(shell.isReconnecting).toBe(false);
    expect(isClosed()).toBe(false);
  });

  it('ends (its stream closes) when its tmux session is gone, without trying again', async () => {
    const h = harness(['gone']);
    const { first, isClosed } = await opened(h);
    first.cut();
    await h.clock.advanceSettling(60_000, settle);
    expect(isClosed()).toBe(true);
    expect(h.execs).toHaveLength(1);
  });

  it('stops trying once closed, and asks the host to kill its session', async () => {
    const h = harness(['fail', 'fail', 'ok']);
    const { shell, first } = await opened(h);
    first.cut();
    await h.clock.advanceSettling(0, settle);
    const closing = shell.close();
    await h.clock.advanceSettling(60_000, settle);
    await closing;
    // One try to kill the session (not attached: over whatever connection there is), and no more reattaching.
    expect(h.execs.map((e) => (e.command.includes('kill-session -t =lh-test') ? 'kill' : 'attach'))).toEqual(['attach', 'kill']);
  });

  it('says the host has no tmux when the command exits 127 before tmux speaks', async () => {
    const h = harness([]);
    const channel = new EventEmitter() as EventEmitter & ControlChannel;
    Object.assign(channel, { stderr: new EventEmitter(), writableLength: 0, write: () => true, pause() {}, resume() {}, close() {} });
    const opening = DurableShell.open(ref, h.deps, size, async () => channel);
    await settle();
    channel.emit('exit', 127);
    channel.emit('close');
    await expect(opening).rejects.toBeInstanceOf(NoTmuxError);
  });
});
