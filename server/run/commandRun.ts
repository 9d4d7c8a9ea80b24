// One command run on many targets as SSH exec channels, a bounded number at once, streaming output and one final line per target.
import { randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { CommandChannel } from '../ssh/sshConnection.js';
import { DEFAULT_RUN_PARALLELISM, RUN_OUTPUT_KEPT_BYTES, type RunFinalLine, type RunLine } from '../../shared/run.js';
import type { ConnectUi } from '../session/connectTarget.js';
import { unattendedLogin, type UnattendedWords } from '../session/unattendedLogin.js';
import { forEachBounded } from './boundedParallel.js';
import { KeptOutput } from './keptOutput.js';

/** A run's sentences when it cannot log in unasked. */
const RUN_WORDS: UnattendedWords = { what: 'a run', couldNot: 'run the command on', again: 'run again' };

export interface CommandRunDeps {
  /** Opens the command's exec channel on the target, logging in with `ui` if it must (see SessionManager.exec). */
  exec(target: string, command: string, ui: ConnectUi): Promise<CommandChannel>;
  /** Whether the target has a logged-in connection now: its command needs no login, so waits for no slot. */
  loggedIn(target: string): boolean;
  /** A monotonic clock, for durations. */
  now(): number;
  /** Milliseconds since 1970, for when a run started and ended in the store. */
  wallClock(): number;
}

/** Where a run's lines go: `write` answers false while the reader is behind, and `onDrain` says when it caught up. */
export interface RunSink {
  write(line: RunLine): boolean;
  onDrain(listener: () => void): void;
}

export interface CommandRunOptions {
  parallelism?: number;
  /** Output kept per stream and target for the final line (default RUN_OUTPUT_KEPT_BYTES). */
  keptBytes?: number;
}

/** What a finished run was: kept in the store. */
export interface FinishedRun {
  id: string;
  command: string;
  targets: string[];
  startedAt: number;
  endedAt: number;
  stopped: boolean;
  results: RunFinalLine[];
}

/** A command whose channel is open: stopping signals it, then closes the channel. */
interface RunningCommand {
  channel: ClientChannel;
  stop(): void;
}

export class CommandRun {
  readonly id = randomUUID();
  readonly startedAt: number;
  /** Resolves once every target has its final line. */
  readonly finished: Promise<FinishedRun>;
  private stopped = false;
  private paused = false;
  private readonly running = new Set<RunningCommand>();

  constructor(
    readonly targets: readonly string[],
    readonly command: string,
    private readonly deps: CommandRunDeps,
    private readonly sink: RunSink,
    private readonly options: CommandRunOptions = {},
  ) {
    this.startedAt = deps.wallClock();
    sink.onDrain(() => this.setPaused(false));
    this.finished = this.runAll();
  }

  /** Stop every command (TERM, then close its channel) and start no more; targets not reached yet get a sentence. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const command of this.running) command.stop();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private async runAll(): Promise<FinishedRun> {
    const results = new Map<string, RunFinalLine>();
    const finish = (line: RunFinalLine) => {
      results.set(line.target, line);
      this.emit(line);
    };
    // The bound is on logins, what costs the hosts and this machine (key exchange, MaxStartups): a target holds a
    // slot until it is logged in. A channel on a logged-in connection costs one round trip, so those start at once.
    const running: Promise<void>[] = [];
    const start = (target: string) => {
      const { loggedIn, result } = this.runOn(target);
      running.push(result.then(finish));
      return loggedIn;
    };
    const cold: string[] = [];
    for (const target of this.targets) {
      if (this.deps.loggedIn(target)) void start(target);
      else cold.push(target);
    }
    await forEachBounded(cold, this.options.parallelism ?? DEFAULT_RUN_PARALLELISM, (target) => start(target), () => this.stopped);
    await Promise.all(running);
    for (const target of this.targets) {
      if (!results.has(target)) finish({ target, error: `The run was stopped before the command started on ${target}.` });
    }
    return {
      id: this.id,
      command: this.command,
      targets: [...this.targets],
      startedAt: this.startedAt,
      endedAt: this.deps.wallClock(),
      stopped: this.stopped,
      results: this.targets.map((target) => results.get(target)!),
    };
  }

  private emit(line: RunLine): void {
    if (!this.sink.write(line)) this.setPaused(true);
  }

  /** The reader fell behind: hosts wait (their channels' windows fill) instead of the bridge holding their output. */
  private setPaused(paused: boolean): void {
    if (this.paused === paused) return;
    this.paused = paused;
    for (const { channel } of this.running) {
      if (paused) channel.pause();
      else channel.resume();
    }
  }

  /** `loggedIn` settles once the target no longer needs a login slot; `result` with its final line. */
  private runOn(target: string): { loggedIn: Promise<void>; result: Promise<RunFinalLine> } {
    let markLoggedIn!: () => void;
    const loggedIn = new Promise<void>((resolve) => (markLoggedIn = resolve));
    const login = unattendedLogin(target, RUN_WORDS, markLoggedIn);
    const result = this.openAndFollow(target, login);
    void result.finally(markLoggedIn);
    return { loggedIn, result };
  }

  private async openAndFollow(target: string, login: ReturnType<typeof unattendedLogin>): Promise<RunFinalLine> {
    const started = this.deps.now();
    let channel: ClientChannel;
    let exited: Promise<{ code: number | null; signal?: string } | undefined>;
    try {
      ({ channel, exit: exited } = await this.deps.exec(target, this.command, login.ui));
    } catch (error) {
      return { target, error: login.sentence(error) };
    }
    const kept = this.options.keptBytes ?? RUN_OUTPUT_KEPT_BYTES;
    const stdout = new KeptOutput(kept);
    const stderr = new KeptOutput(kept);
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    let stoppedHere = false;
    const command: RunningCommand = {
      channel,
      stop: () => {
        stoppedHere = true;
        // TERM ends the command on the host (closing the channel alone leaves a `tail -F` running there); the close
        // follows at once, and the host takes both in order.
        try {
          channel.signal('TERM');
        } catch {
          // The channel is already closing.
        }
        channel.close();
      },
    };
    const onOutput = (stream: 'stdout' | 'stderr', into: KeptOutput) => (chunk: Buffer) => {
      into.add(chunk);
      const data = decoders[stream].write(chunk);
      if (data) this.emit({ target, stream, data });
    };
    return new Promise<RunFinalLine>((resolve) => {
      channel.on('data', onOutput('stdout', stdout));
      channel.stderr.on('data', onOutput('stderr', stderr));
      channel.once('close', async () => {
        const exit = await exited;
        this.running.delete(command);
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = decoders[stream].end();
          if (rest) this.emit({ target, stream, data: rest });
        }
        resolve({
          target,
          exitCode: exit?.code ?? null,
          ...(exit?.signal ? { signal: exit.signal } : {}),
          stdout: stdout.text(),
          stderr: stderr.text(),
          ...(stdout.truncated ? { stdoutTruncated: true } : {}),
          ...(stderr.truncated ? { stderrTruncated: true } : {}),
          durationMs: Math.round(this.deps.now() - started),
          ...(stoppedHere ? { stopped: true } : {}),
        });
      });
      this.running.add(command);
      if (this.paused) channel.pause();
      // Stopped while its channel was opening: it ends at once.
      if (this.stopped) command.stop();
    });
  }
}
