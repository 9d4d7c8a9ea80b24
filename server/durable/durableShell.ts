// A shell in a tmux pane on the host, driven over control mode: it outlives the SSH connection, reattaches after a cut and catches the tab up.
import { EventEmitter } from 'node:events';
import type { Clock } from '../../shared/clock.js';
import type { ShellChannel, ShellStream } from '../ssh/sshConnection.js';
import { randomBytes } from 'node:crypto';
import { catchUpBytes, countLineFeeds, PANE_STATE_FORMAT, parsePaneState, planCatchUp, type PaneCheckpoint, type PaneState } from './catchUp.js';
import { commandLine, SEND_KEYS_CHUNK_BYTES, sendKeysHex } from './controlMode.js';
import { literalForFormat, LOG_OPTION, paneLogPipeCommand, paneLogReadCommand, parsePaneLogExtent, removePaneLogsCommand } from './paneLog.js';
import { reconnectDelayMs } from './reconnectBackoff.js';
import { shellWord } from '../ssh/shellWord.js';
import { TmuxControlClient, type ControlChannel } from './tmuxControlClient.js';
import type { Release, TmuxServerGate } from './tmuxServerGate.js';

/** longhaul's own tmux server on a host (`tmux -L longhaul`): the user's own tmux sessions are never touched or listed. */
export const DEFAULT_TMUX_SOCKET = 'longhaul';

/** Lines of history a pane keeps on the host: what a reattached tab can be caught up with. */
export const PANE_HISTORY_LINES = 10_000;

/** How long output must go quiet before the tab's place in the pane is asked again. */
export const CHECKPOINT_QUIET_MS = 150;

/** How long one try to get back to the pane (connection, exec, attach, catch-up) may take before the next starts. */
export const REATTACH_TRY_MS = 10_000;

/** How long closing waits for tmux to confirm the session is killed before it lets the connection go anyway. */
export const CLOSE_ANSWER_WAIT_MS = 5_000;

/** Which tmux session on which host's tmux server a durable shell is. */
export interface TmuxSessionRef {
  socket: string;
  sessionName: string;
}

/** A new name for a start of a pane's log (see paneLog.ts). */
export function newLogGeneration(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The command run on the host (over an exec channel, no pty: tmux gives the pane its own) to start or reattach a
 * control client. The server is set up to be invisible (no status line, no prefix key, no escape delay) and to
 * give the shell the page's terminal type; `-f /dev/null` keeps the user's ~/.tmux.conf out of longhaul's server.
 * A new session's pane is logged from its first byte (`logGeneration` names the log), in the same command list that
 * attaches this client: the log and the client's output start at the same byte.
 * Exit status 127 says the host has no tmux, or one older than 3.2 (no control-mode flow control, other sizes).
 * It runs under `sh -c`, whatever the user's login shell (fish, csh) makes of the rest.
 */
export function tmuxCommand(
  ref: TmuxSessionRef,
  mode: 'new' | 'attach',
  size: { cols: number; rows: number } | undefined,
  term: string,
  logGeneration: string = newLogGeneration(),
): string {
  const tmux = `tmux -u -L ${shellWord(ref.socket)} -f /dev/null -C`;
  const name = shellWord(ref.sessionName);
  const setup = [
    'start-server',
    'set -g status off',
    'set -g prefix None',
    'set -g prefix2 None',
    'set -s escape-time 0',
    `set -g history-limit ${PANE_HISTORY_LINES}`,
    `set -g default-terminal ${shellWord(term)}`,
  ].join(" ';' ");
  const usable = `command -v tmux >/dev/null 2>&1 || exit 127; case "$(tmux -V)" in 'tmux '[012].*|'tmux 3.'[01]*) exit 127;; esac`;
  const run =
    mode === 'new'
      ? `exec ${tmux} ${setup} ';' new-session -A -s ${name} -x ${size?.cols ?? 80} -y ${size?.rows ?? 24} ${logStart(ref, logGeneration)}`
      : `${endStaleClients(ref)}; exec ${tmux} attach-session -t ${shellWord(`=${ref.sessionName}`)}`;
  return `sh -c ${shellWord(`${usable}; ${run}`)}`;
}

/**
 * Ends the control clients still attached to the session. Only longhaul attaches to its sessions, so any there is one
 * whose connection was cut: sshd gives an exec'd command no hangup signal, and tmux (3.3) never lets a control
 * client go whose output nobody reads any more, nor exits while one is left. Killed, tmux drops it at once — but
 * announces it to the other control clients, so the next client starts only once tmux has (see TmuxServerGate);
 * waited for at most 2 s.
 */
function endStaleClients(ref: TmuxSessionRef): string {
  const clients = `tmux -L ${shellWord(ref.socket)} list-clients -t ${shellWord(`=${ref.sessionName}`)} -F '#{client_pid}' 2>/dev/null`;
  return `${clients} | xargs kill 2>/dev/null; n=0; while [ -n "$(${clients})" ] && [ $n -lt 40 ]; do sleep 0.05; n=$((n+1)); done`;
}

/** tmux commands (to follow others on tmux's command line) that start the session's pane log afresh. */
function logStart(ref: TmuxSessionRef, generation: string): string {
  const pipe = literalForFormat(paneLogPipeCommand(ref.sessionName, generation), true);
  return `';' set -t ${shellWord(sessionOptions(ref))} ${LOG_OPTION} ${generation} ';' pipe-pane -t ${shellWord(`=${ref.sessionName}:`)} ${shellWord(pipe)}`;
}

/** The command that ends a tmux session of longhaul's (the tab was closed for good), any client left on it, and its log. */
export function killSessionCommand(ref: TmuxSessionRef): string {
  return `${endStaleClients(ref)}; tmux -L ${shellWord(ref.socket)} kill-session -t ${shellWord(`=${ref.sessionName}`)} 2>/dev/null; ${removePaneLogsCommand(ref.sessionName)}; true`;
}


/**
 * The target for the session's own options: `=name:` (the option commands take a pane, and tmux finds no session
 * for a bare `=name` there, in 3.3 at least).
 */
function sessionOptions(ref: TmuxSessionRef): string {
  return `=${ref.sessionName}:`;
}

/** What reading the pane's log found: its extent (null: no log), whether it tells where this client's output starts, whether all the tab missed was sent. */
interface LogRead {
  extent: { first: number; end: number } | null | undefined;
  usable: boolean;
  complete: boolean;
  /** Bytes of it passed on to the tab (some, when it ran out part way). */
  sent: number;
}

/** Output held while a reattached tab is caught up, beyond which the control channel is not read. */
const HELD_OUTPUT_BYTES = 1024 * 1024;

/** The session's user option counting the keys tmux has run, in bytes (see DurableShell.typed). */
const TYPED_OPTION = '@longhaul-typed';

/** A piece of what was typed, and the count of bytes typed at its end. */
interface TypedPiece {
  bytes: Buffer;
  end: number;
}

/** The host has no tmux, or one too old: the tab gets a shell on a pty instead. */
export class NoTmuxError extends Error {}
/** The tmux session is gone (ended, or killed from outside): there is nothing to reattach to. */
export class TmuxSessionGone extends Error {}

export interface DurableShellDeps {
  /**
   * Runs a command on the host over a connection that is up: the current one, or, after a cut, one made anew
   * without asking the user anything. Rejects when none can be made now. With `connected`, the command is sent only
   * once it resolves, which it is asked to once there is a connection (a rejection is passed on).
   */
  exec(command: string, connected?: () => Promise<void>): Promise<ControlChannel>;
  /** Runs a command on the host over the connection that is up now (for reading the pane's log). */
  read(command: string): Promise<ControlChannel>;
  clock: Clock;
  /** The host's tmux server's gate: control clients start, and sessions end, one at a time (see TmuxServerGate). */
  gate: TmuxServerGate;
  /** The host's name as the user wrote it, for sentences. */
  label: string;
  term: string;
}

type State = 'starting' | 'attached' | 'reconnecting' | 'ended';

/** What the session reads the pane through: it looks like a channel's stream. */
class PaneStream extends EventEmitter implements ShellStream {
  readonly stderr = new EventEmitter();
  /**
   * Output read before anyone listens: a shell may print its prompt while the attach is still asking tmux which pane
   * it is (on a far link the prompt comes first), before the session that reads the stream exists.
   */
  private held: Buffer[] | null = [];
  constructor(private readonly shell: DurableShell) {
    super();
  }

  /** The pane's output, to whoever reads the stream; held until the first reader comes. */
  deliver(bytes: Buffer): void {
    if (this.held) this.held.push(bytes);
    else this.emit('data', bytes);
  }

  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    super.on(event, listener);
    if (event === 'data' && this.held) {
      const held = this.held;
      this.held = null;
      for (const bytes of held) this.emit('data', bytes);
    }
    return this;
  }

  get writableLength(): number {
    return this.shell.pendingInputBytes;
  }
  pause(): this {
    this.shell.setPaused(true);
    return this;
  }
  resume(): this {
    this.shell.setPaused(false);
    return this;
  }
}

export class DurableShell implements ShellChannel {
  readonly stream: PaneStream = new PaneStream(this);
  private state: State = 'starting';
  private client: TmuxControlClient | undefined;
  private paneId: string | undefined;
  /** The tab's size; unknown for a shell a previous run left, until a tab says (the pane keeps its own till then). */
  private size: { cols: number; rows: number } | undefined;
  private paused = false;
  /**
   * Keys are counted in bytes, and each piece sent to tmux also sets the session's TYPED_OPTION to the count at its
   * end, in the same command line: after a cut, tmux's count says which pieces ran, so only the others are sent
   * again. Keys typed into a connection that was already dead (not yet known to be) are neither lost nor doubled.
   */
  private typed = 0;
  /** Pieces sent whose command tmux has not answered yet. */
  private unconfirmed: TypedPiece[] = [];
  /** Keys typed while the connection was down (and pieces it took with it), sent once reattached. */
  private queuedInput: TypedPiece[] = [];
  private queuedInputBytes = 0;
  /** A shell a previous run left: its count on the host goes on from where that run's ended. */
  private countFromHost = false;
  private checkpoint: PaneCheckpoint | undefined;
  private checkpointTimer: unknown;
  private checkpointAsked = false;
  private reconnectTimer: unknown;
  /** Reattaching: output until the pane is held again is in its log (or its history), so it is not passed on. */
  private catchingUp = false;
  /**
   * Bytes of the pane's output the tab has been given since its log started (see paneLog.ts), and the log's name;
   * unknown for a shell a previous run left until it is reattached, or where the host keeps no log.
   */
  private logged: number | undefined;
  private logGeneration: string | undefined;
  /** The channel reading the pane's log to a reattached tab, while it does. */
  private logReader: ControlChannel | undefined;
  /** The pane's output while the tab is caught up: after the catch-up, or in it (see catchUp). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Connections made to get back to the pane since it was first opened (for tests and the status). */
  reconnects = 0;
  private reconnectingListener: (attempt: number | null) => void = () => {};

  private constructor(
    readonly ref: TmuxSessionRef,
    private readonly deps: DurableShellDeps,
    size: { cols: number; rows: number } | undefined,
  ) {
    this.size = size;
  }

  /**
   * Start (or join, if it exists) the tmux session and attach to its pane over the channel `start` runs `command`
   * (tmuxCommand(ref, 'new', …)) on, once the host's tmux server is this shell's to start a client on.
   */
  static async open(
    ref: TmuxSessionRef,
    deps: DurableShellDeps,
    size: { cols: number; rows: number },
    start: (command: string) => Promise<ControlChannel>,
  ): Promise<DurableShell> {
    const shell = new DurableShell(ref, deps, size);
    const release = await deps.gate.enter();
    try {
      const generation = newLogGeneration();
      shell.logged = 0;
      shell.logGeneration = generation;
      await shell.attach(await start(tmuxCommand(ref, 'new', size, deps.term, generation)), 'new', release);
    } finally {
      release();
    }
    return shell;
  }

  /**
   * A durable shell a previous run of longhaul left: not attached yet; it connects now, as after a cut, and the
   * tab that takes it is sent the pane's screen and recent history (`stream` emits `close` if it is gone).
   */
  static reattachLater(ref: TmuxSessionRef, deps: DurableShellDeps): DurableShell {
    const shell = new DurableShell(ref, deps, undefined);
    shell.state = 'reconnecting';
    shell.countFromHost = true;
    shell.tryReattach(0);
    return shell;
  }

  get durableRef(): TmuxSessionRef {
    return this.ref;
  }

  /** The folder the pane's program is in, as tmux says (`pane_current_path`); undefined while not attached. */
  async currentFolder(): Promise<string | undefined> {
    if (this.state !== 'attached' || !this.client) return undefined;
    const reply = await this.client.command(this.describePane('#{pane_current_path}')).catch(() => undefined);
    const folder = reply?.ok ? reply.lines[0]?.trim() : undefined;
    return folder && folder.startsWith('/') ? folder : undefined;
  }

  get isReconnecting(): boolean {
    return this.state === 'reconnecting';
  }

  /** Told the number of each try to get back to the pane as it starts, and null once the shell is back. */
  onReconnecting(listener: (attempt: number | null) => void): void {
    this.reconnectingListener = listener;
  }

  get pendingInputBytes(): number {
    // send-keys -H takes three bytes of command per byte typed.
    return this.queuedInputBytes + Math.ceil((this.client?.pendingBytes ?? 0) / 3);
  }

  write(data: Uint8Array): void {
    if (this.state === 'ended') return;
    for (let start = 0; start < data.byteLength; start += SEND_KEYS_CHUNK_BYTES) {
      const bytes = Buffer.from(data.subarray(start, start + SEND_KEYS_CHUNK_BYTES));
      this.typed += bytes.byteLength;
      const piece = { bytes, end: this.typed };
      if (this.state === 'attached' && this.client && this.paneId) this.sendPiece(this.client, this.paneId, piece);
      else this.queue(piece);
    }
  }

  private queue(piece: TypedPiece): void {
    this.queuedInput.push(piece);
    this.queuedInputBytes += piece.bytes.byteLength;
  }

  private sendPiece(client: TmuxControlClient, paneId: string, piece: TypedPiece): void {
    this.unconfirmed.push(piece);
    const [keys] = sendKeysHex(paneId, piece.bytes);
    const count = commandLine('set-option', '-t', sessionOptions(this.ref), TYPED_OPTION, String(piece.end));
    client
      .command(`${keys!.trimEnd()} ; ${count}`)
      .then(() => {
        const at = this.unconfirmed.indexOf(piece);
        if (at !== -1) this.unconfirmed.splice(at, 1);
      })
      .catch(() => {}); // the connection went: lostConnection() queues it again
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    if (this.state === 'attached') this.client?.send(commandLine('refresh-client', '-C', `${cols}x${rows}`));
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    // Not reading the channel fills the SSH window; tmux then stops reading the pane: nothing is dropped.
    if (paused) {
      this.client?.pause();
      this.logReader?.pause();
    } else {
      this.client?.resume();
      this.logReader?.resume();
    }
  }

  /** The SSH connection went: the pane lives on in tmux; get back to it. */
  connectionLost(): boolean {
    if (this.state === 'ended') return false;
    this.lostConnection();
    return true;
  }

  /**
   * longhaul is stopping: let go of the pane and leave the shell running in tmux, for the next run to take back (its
   * tab comes back by itself). The control client left behind is ended by the next attach.
   */
  leaveRunning(): boolean {
    if (this.state === 'ended') return false;
    const client = this.client;
    this.finish();
    this.client = undefined;
    client?.close();
    return true;
  }

  /**
   * End the shell for good: its tmux session is killed, so nothing is left running on the host. Resolves once tmux
   * has answered, or the channel closed, or after CLOSE_ANSWER_WAIT_MS (a host that does not answer is not waited for).
   */
  async close(): Promise<void> {
    if (this.state === 'ended') return;
    const client = this.state === 'attached' ? this.client : undefined;
    this.finish();
    // A session killed is announced to every control client of the server: not while another one is starting.
    let release: Release = () => {};
    const inGate = async () => void (release = await this.deps.gate.enter());
    let killing: Promise<unknown>;
    if (client && !client.isClosed) {
      await inGate();
      // tmux tells its client `%exit` and the client then leaves, closing the channel: it is not closed from here,
      // as tmux 3.3 never lets go of a control client whose output nobody reads (and waits for it before exiting).
      client.command(commandLine('kill-session', '-t', `=${this.ref.sessionName}`)).catch(() => {});
      killing = client.whenClosed;
    } else {
      // Not attached now: one try on whatever connection there is, and no more (the host may stay unreachable).
      // (Its output, none, is read: a channel whose stream is never read never ends, and would hold the gate.)
      killing = this.deps.exec(killSessionCommand(this.ref), inGate).then((channel) => {
        channel.resume();
        return new Promise<void>((resolve) => channel.on('close', () => resolve()));
      });
    }
    await new Promise<void>((resolve) => {
      const timer = this.deps.clock.setTimeout(() => {
        client?.close();
        resolve();
      }, CLOSE_ANSWER_WAIT_MS);
      killing.catch(() => {}).finally(() => {
        this.deps.clock.clearTimeout(timer);
        resolve();
      });
    });
    release();
  }

  /** `leaveGate` is called once tmux has the client in its session (or it failed): the gate is free again then. */
  private async attach(channel: ControlChannel, mode: 'new' | 'attach', leaveGate: Release): Promise<void> {
    let startupError: string | undefined;
    let exited = false;
    let closedEarly: ((error: Error) => void) | undefined;
    let attached: () => void = () => {};
    const inSession = new Promise<void>((resolve) => (attached = resolve));
    let lastNotice: string | undefined;
    const client = new TmuxControlClient(channel, {
      startupFailed: (message) => (startupError = message),
      sessionChanged: (name) => {
        if (name === this.ref.sessionName) attached();
      },
      // A bare %exit right after %sessions-changed: the session ended (its shell exited, or it was killed). A bare
      // %exit alone is this client killed (a stale one ended by a later try to reattach), and with a reason ("too far
      // behind": a tab that did not read for minutes) only this client was let go: either way the pane may run on,
      // so get back to it (a session that is gone says so then).
      notification: (name) => (lastNotice = name),
      output: (_paneId, bytes) => {
        lastNotice = undefined;
        this.paneOutput(client, bytes);
      },
      exit: (reason) => (exited = reason.trim() === '' && lastNotice === 'sessions-changed'),
      closed: (exitCode, stderr) => {
        if (closedEarly) {
          if (exitCode === 127) return closedEarly(new NoTmuxError(`${this.deps.label} has no tmux`));
          if (startupError !== undefined) return closedEarly(new TmuxSessionGone(startupError));
          return closedEarly(new Error(stderr || `tmux on ${this.deps.label} ended at once (exit status ${exitCode})`));
        }
        if (this.client !== client || this.state === 'ended') return;
        // %exit came first: the session ended (its shell exited, or it was killed); else the connection went.
        if (exited) this.ended();
        else this.lostConnection();
      },
    });
    const started = new Promise<never>((_, reject) => (closedEarly = reject));
    started.catch(() => {});
    this.client = client;
    if (this.paused) client.pause();
    this.catchingUp = mode === 'attach';
    let ranUpTo = 0;
    let paneId = '';
    try {
      // How many keys tmux ran is asked at once, with tmux's own attach (nothing types into the pane meanwhile): a
      // round trip less before a reconnected tab can type. Everything else waits until the client is in its
      // session: commands read before may run before tmux's own command line has attached it (or, for a new
      // session, made it), and the pane's output in between would reach nobody.
      const typed = mode === 'attach' ? this.typedOnHost(client) : Promise.resolve(0);
      typed.catch(() => {});
      try {
        await Promise.race([inSession, started]);
      } finally {
        leaveGate();
      }
      // The pane's log, read from the tab's count on as soon as the client is in: the log's end is then at or past
      // where this client's output starts (see paneLog.ts). A shell a previous run left says which log is its own.
      let fromLog: Promise<LogRead> | undefined;
      if (mode === 'attach') {
        const generation = this.logGeneration ? Promise.resolve(this.logGeneration) : this.logNameOnHost(client);
        fromLog = generation.then((name) => (name ? this.readLog(name, this.logged) : { extent: null, usable: false, complete: false, sent: 0 }));
        fromLog.catch(() => {});
      }
      let state: PaneState | undefined;
      const pane = await Promise.race([
        client.command(this.describePane(`#{pane_id} ${PANE_STATE_FORMAT}`), (reply) => {
          state = parsePaneState(reply.lines[0]?.replace(/^\S+ /, ''));
          // Exactly where the reply falls in the output: the new shell's output after it is counted from here.
          if (state && mode === 'new') this.checkpoint = { cursorLine: state.historySize + state.cursorY, lineFeedsSince: 0 };
        }),
        started,
      ]);
      paneId = /^%\d+(?= )/.exec(pane.lines[0] ?? '')?.[0] ?? '';
      if (!pane.ok || !paneId || !state) throw new Error(`tmux on ${this.deps.label} did not say which pane the shell is in (${pane.lines.join(' ') || 'no answer'})`);
      this.paneId = paneId;
      if (this.size) client.send(commandLine('refresh-client', '-C', `${this.size.cols}x${this.size.rows}`));
      if (mode === 'attach') {
        await Promise.race([this.catchUp(client, paneId, state, fromLog!), started]);
        ranUpTo = await Promise.race([typed, started]);
      }
    } catch (error) {
      if (this.client === client) this.client = undefined;
      const reader = this.logReader;
      this.logReader = undefined;
      reader?.close();
      client.close();
      throw error;
    } finally {
      closedEarly = undefined;
    }
    if (this.state === 'ended') {
      client.close();
      return;
    }
    this.state = 'attached';
    if (mode === 'attach') this.reconnectingListener(null);
    const queued = this.queuedInput.filter((piece) => piece.end > ranUpTo);
    this.queuedInput = [];
    this.queuedInputBytes = 0;
    for (const piece of queued) this.sendPiece(client, paneId, piece);
  }

  /**
   * How many of the keys counted here tmux has run (TYPED_OPTION). A shell a previous run left counts on from the
   * host's figure: the keys queued for it so far are numbered after it.
   */
  private async typedOnHost(client: TmuxControlClient): Promise<number> {
    const reply = await client.command(commandLine('show-options', '-v', '-q', '-t', sessionOptions(this.ref), TYPED_OPTION));
    const onHost = reply.ok && /^\d+$/.test(reply.lines[0]?.trim() ?? '') ? Number(reply.lines[0]!.trim()) : 0;
    if (!this.countFromHost) return onHost;
    this.countFromHost = false;
    for (const piece of this.queuedInput) piece.end += onHost;
    this.typed += onHost;
    return onHost;
  }

  /**
   * Send the tab what it missed. From the pane's log, the bytes from the tab's count to the log's end, when the pane
   * printed nothing since this client attached (its output would start somewhere before that end, and where is not
   * known). Otherwise from tmux's history, as text: the lines since the tab's checkpoint, or the screen (a tab that
   * has nothing after a restart; part of the log sent before it ran out; a host without GNU split).
   */
  private async catchUp(client: TmuxControlClient, paneId: string, pane: PaneState, fromLog: Promise<LogRead>): Promise<void> {
    const from = this.logged;
    const read = await fromLog.catch((): LogRead => ({ extent: undefined, usable: false, complete: false, sent: 0 }));
    const end = read.usable && read.extent ? read.extent.end : undefined;
    if (read.complete && end !== undefined) {
      this.logged = end;
      this.caughtUp(client, 0);
      return;
    }
    // Part of the log may have reached the tab before it ran out: the screen is then redrawn whole.
    const checkpoint = read.sent === 0 ? this.checkpoint : undefined;
    const plan = checkpoint || from === undefined ? planCatchUp(checkpoint, pane, PANE_HISTORY_LINES) : ({ kind: 'screen', start: 0, end: pane.cursorY } as const);
    // Handled as the reply is read: output before it is in the capture, output after it is new.
    await client.command(commandLine('capture-pane', '-p', '-e', '-t', paneId, '-S', String(plan.start), '-E', String(plan.end)), (captured) => {
      if (captured.ok) this.stream.deliver(Buffer.from(catchUpBytes(plan, captured.lines, pane), 'utf8'));
      const inCapture = this.heldBytes;
      this.held = [];
      this.heldBytes = 0;
      this.logged = end;
      this.checkpoint = { cursorLine: pane.historySize + pane.cursorY, lineFeedsSince: 0 };
      this.caughtUp(client, inCapture);
    });
  }

  /** The tab is caught up: output held meanwhile goes on to it (what was in a capture is counted, not sent). */
  private caughtUp(client: TmuxControlClient, counted: number): void {
    this.catchingUp = false;
    if (this.logged !== undefined) this.logged += counted;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    if (!this.paused) client.resume();
    for (const bytes of held) this.paneOutput(client, bytes);
    // Where the tab is in the pane's lines, for a catch-up from tmux's history next time.
    if (this.paneId) this.askCheckpoint(client, this.paneId);
  }

  /** The name of the pane's log on the host (a shell a previous run left): its session's LOG_OPTION. */
  private async logNameOnHost(client: TmuxControlClient): Promise<string | undefined> {
    const reply = await client.command(commandLine('show-options', '-v', '-q', '-t', sessionOptions(this.ref), LOG_OPTION));
    const name = reply.lines[0]?.trim() ?? '';
    return reply.ok && /^[0-9a-f]{1,32}$/.test(name) ? name : undefined;
  }

  /**
   * Reads the log's extent and, if `from` is within it and the pane has printed nothing since this client attached,
   * passes its bytes from `from` to its end on to the tab.
   */
  private async readLog(generation: string, from: number | undefined): Promise<LogRead> {
    const channel = await this.deps.read(paneLogReadCommand(this.ref.sessionName, generation, from));
    this.logReader = channel;
    if (this.paused) channel.pause();
    return new Promise((resolve) => {
      let head = Buffer.alloc(0);
      let result: LogRead = { extent: undefined, usable: false, complete: false, sent: 0 };
      let sent = 0;
      let exitCode: number | null = null;
      const pass = (bytes: Buffer) => {
        sent += bytes.byteLength;
        this.stream.deliver(bytes);
      };
      channel.stderr.on('data', () => {});
      channel.on('data', (chunk: Buffer) => {
        if (this.logReader !== channel || this.state === 'ended') return;
        if (result.extent !== undefined) {
          if (result.usable) pass(chunk);
          return;
        }
        head = Buffer.concat([head, chunk]);
        const newline = head.indexOf(0x0a);
        if (newline === -1) {
          if (head.byteLength > 64) channel.close();
          return;
        }
        const extent = parsePaneLogExtent(head.subarray(0, newline).toString('latin1'));
        // Output held already: the pane printed after this client attached, so the log's end is past its start.
        result = { extent, usable: extent !== undefined && this.heldBytes === 0, complete: false, sent: 0 };
        if (extent === undefined) return void channel.close();
        const rest = head.subarray(newline + 1);
        if (!result.usable || from === undefined || !extent || from < extent.first || from > extent.end) return void channel.close();
        if (rest.byteLength > 0) pass(rest);
      });
      channel.on('exit', (code) => (exitCode = code));
      channel.on('close', () => {
        if (this.logReader === channel) this.logReader = undefined;
        const extent = result.extent;
        const wanted = extent && from !== undefined && from >= extent.first && from <= extent.end ? extent.end - from : undefined;
        resolve({ ...result, sent, complete: result.usable && exitCode === 0 && wanted !== undefined && sent === wanted });
      });
    });
  }

  private paneOutput(client: TmuxControlClient, bytes: Buffer): void {
    if (this.client !== client || this.state === 'ended') return;
    if (this.catchingUp) return this.hold(client, bytes);
    if (this.checkpoint) this.checkpoint.lineFeedsSince += countLineFeeds(bytes);
    if (this.logged !== undefined) this.logged += bytes.byteLength;
    this.stream.deliver(bytes);
    this.scheduleCheckpoint();
  }

  /** Output during the catch-up waits for it; past HELD_OUTPUT_BYTES tmux is asked to wait (by not reading it). */
  private hold(client: TmuxControlClient, bytes: Buffer): void {
    this.held.push(bytes);
    this.heldBytes += bytes.byteLength;
    if (this.heldBytes > HELD_OUTPUT_BYTES) client.pause();
  }

  /**
   * Once output goes quiet, ask tmux where the cursor is: its answer comes after all the output before it, so it
   * says exactly which of the pane's lines the tab has, should the connection go down now.
   */
  private scheduleCheckpoint(): void {
    if (this.checkpointTimer !== undefined) this.deps.clock.clearTimeout(this.checkpointTimer);
    this.checkpointTimer = this.deps.clock.setTimeout(() => {
      this.checkpointTimer = undefined;
      const client = this.client;
      if (!client || this.state !== 'attached' || !this.paneId || this.checkpointAsked) return;
      this.askCheckpoint(client, this.paneId);
    }, CHECKPOINT_QUIET_MS);
  }

  /** The command that describes the session's one pane in `format`; the session named exactly (`=`). */
  private describePane(format: string): string {
    return commandLine('list-panes', '-s', '-t', `=${this.ref.sessionName}`, '-F', format);
  }

  /** Between checkpoints, the line feeds in the output keep count of the lines the tab has. */
  private askCheckpoint(client: TmuxControlClient, paneId: string): void {
    this.checkpointAsked = true;
    client
      .command(this.describePane(PANE_STATE_FORMAT), (reply) => {
        const pane = parsePaneState(reply.lines[0]);
        if (pane && this.client === client) this.checkpoint = { cursorLine: pane.historySize + pane.cursorY, lineFeedsSince: 0 };
      })
      .catch(() => {})
      .finally(() => (this.checkpointAsked = false));
  }

  private lostConnection(): void {
    if (this.state === 'reconnecting' || this.state === 'ended') return;
    this.state = 'reconnecting';
    const client = this.client;
    this.client = undefined;
    client?.close();
    // Sent, but never answered: whether tmux ran them is asked once back (typedOnHost).
    const unanswered = this.unconfirmed;
    this.unconfirmed = [];
    this.queuedInput = [...unanswered, ...this.queuedInput];
    this.queuedInputBytes += unanswered.reduce((sum, piece) => sum + piece.bytes.byteLength, 0);
    this.checkpointAsked = false;
    this.tryReattach(0);
  }

  private tryReattach(attempt: number): void {
    this.reconnectTimer = this.deps.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state !== 'reconnecting') return;
      this.reconnectingListener(attempt + 1);
      // A request on a connection that died without a word (its socket reset, ssh2 not told yet) is never
      // answered: each try has a bound, after which the next one starts, and a late channel is closed.
      let givenUp = false;
      let channelOfTry: ControlChannel | undefined;
      let release: Release = () => {};
      const bound = this.deps.clock.setTimeout(() => {
        givenUp = true;
        release();
        channelOfTry?.close();
        if (this.state === 'reconnecting') this.tryReattach(attempt + 1);
      }, REATTACH_TRY_MS);
      // The host's tmux server is asked for only once there is a connection: a try still logging in (or failing
      // to) keeps no other tab from getting back.
      const connected = async () => {
        const mine = await this.deps.gate.enter();
        if (givenUp || this.state !== 'reconnecting') {
          mine();
          throw new Error('this try to get back was given up');
        }
        release = mine;
      };
      this.deps
        .exec(tmuxCommand(this.ref, 'attach', this.size, this.deps.term), connected)
        .then((channel) => {
          if (this.state !== 'reconnecting' || givenUp) {
            channel.close();
            return;
          }
          channelOfTry = channel;
          this.reconnects++;
          return this.attach(channel, 'attach', () => release());
        })
        .then(
          () => {
            release();
            this.deps.clock.clearTimeout(bound);
          },
          (error: unknown) => {
            release();
            if (givenUp) return;
            this.deps.clock.clearTimeout(bound);
            if (this.state !== 'reconnecting') return;
            if (error instanceof TmuxSessionGone || error instanceof NoTmuxError) return this.ended();
            this.tryReattach(attempt + 1);
          },
        );
    }, reconnectDelayMs(attempt));
  }


  /** The session ended: its shell exited (or it was killed on the host). */
  private ended(): void {
    if (this.state === 'ended') return;
    this.finish();
    this.stream.emit('exit', null);
    this.stream.emit('close');
  }

  private finish(): void {
    this.state = 'ended';
    if (this.checkpointTimer !== undefined) this.deps.clock.clearTimeout(this.checkpointTimer);
    if (this.reconnectTimer !== undefined) this.deps.clock.clearTimeout(this.reconnectTimer);
    this.checkpointTimer = undefined;
    this.reconnectTimer = undefined;
    this.queuedInput = [];
    this.queuedInputBytes = 0;
    this.unconfirmed = [];
  }
}
