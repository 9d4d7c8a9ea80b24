// Owns every live shell session: opens them (reusing an authenticated connection when there is one), keeps
// detached ones for a grace period, hands ended ones to the history, and closes them all when longhaul stops.
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { SFTPWrapper } from 'ssh2';
import type { ConnectionSummary } from '../../shared/connections.js';
import type { LiveSessionSummary } from '../../shared/savedSessions.js';
import { DEFAULT_TMUX_SOCKET, DurableShell, NoTmuxError } from '../durable/durableShell.js';
import { TmuxServerGate } from '../durable/tmuxServerGate.js';
import { LIST_HOST_SHELLS_MS, listHostShellsCommand, parseHostShells, readListing, SESSION_NAME, type HostShell } from '../durable/hostShells.js';
import type { CommandChannel, ShellChannel, SshConnection } from '../ssh/sshConnection.js';
import type { DurableLeftover } from '../store/liveSessions.js';
import { ConnectError, connectTarget, resolveRoute, routeKey, type ConnectDeps, type ConnectUi, type ResolvedRoute, type RouteOverrides } from './connectTarget.js';
import { realClock, type Clock } from '../../shared/clock.js';
import { ConnectTimeline } from './connectTimeline.js';
import { HostProbe } from './hostProbe.js';
import { KeptConnections } from './keptConnections.js';
import { LoginWatch, waitingForLoginSentence } from './loginWatch.js';
import { rememberRtt, shellOpenDeadlineMs } from './shellOpenDeadline.js';
import type { Watermarks } from './flowControl.js';
import { admitNewSession, ConnectAttemptWindow, MAX_CONNECT_ATTEMPTS_PER_MINUTE, MAX_SESSIONS_PER_BRIDGE } from './resourceLimits.js';
import { ShellSession, type SessionEnd } from './shellSession.js';
import { missingKeyFileNote } from './savedRoute.js';

/** Every shell asks for this terminal type; xterm.js implements it. */
export const TERM = 'xterm-256color';

/**
 * How long a connection that only ran commands stays logged in after the last one ends, so the next run on the same
 * hosts (an operator's commands come in bursts) skips the handshake and login.
 */
export const COMMAND_CONNECTION_IDLE_MS = 60_000;

/** How long a closed tab's shell keeps running (--keep-closed). */
export const DEFAULT_KEEP_CLOSED_MS = 15 * 60_000;

/**
 * The page's terminal always speaks UTF-8, so ask the host for a UTF-8 locale as `ssh` does with
 * `SendEnv LANG`: our own LANG when it is UTF-8, else C.UTF-8 (built into modern C libraries).
 */
export function shellLocale(lang = process.env.LANG): string {
  return lang && /utf-?8/i.test(lang) ? lang : 'C.UTF-8';
}

/** A session that ended, for the closed-session history. */
export interface EndedSession {
  sessionId: string;
  target: string;
  /** The saved session it was opened from, if any. */
  savedSessionId?: string;
  startedAt: number;
  endedAt: number;
  end: SessionEnd;
  /** Its recent output, escape sequences (colours) kept. */
  scrollback: string;
}

/**
 * A connection silent this long is given up on for durable shells: longer than a far link's hiccup (a keepalive
 * answered late by a busy host), and short enough that a laptop back from sleep finds its shells within seconds.
 */
export const DURABLE_REATTACH_AFTER_SILENT_MS = 10_000;

export interface SessionManagerOptions {
  watermarks?: Watermarks;
  outputBufferBytes?: number;
  keepClosedMs?: number;
  /** Live sessions held at once (--max-sessions); default MAX_SESSIONS_PER_BRIDGE. */
  maxSessions?: number;
  /** New SSH connections started per minute (--max-connects-per-minute); default MAX_CONNECT_ATTEMPTS_PER_MINUTE. */
  maxConnectsPerMinute?: number;
  /** Input queued toward a host beyond which a session refuses more; default MAX_PENDING_INPUT_BYTES. */
  maxPendingInputBytes?: number;
  /** The least a shell may take to open before its connection counts as silent (default MIN_SHELL_OPEN_WAIT_MS). */
  shellOpenMinWaitMs?: number;
  /**
   * --durable auto: each tab's shell runs in tmux on the host (when it has tmux), on a tmux server of longhaul's own
   * (`socket`, default `longhaul`), so it outlives a cut connection and longhaul. Absent: shells on a pty.
   */
  durable?: { socket?: string };
  /**
   * How long a connection may be silent before its durable shells get back to their panes over a new one (default
   * DURABLE_REATTACH_AFTER_SILENT_MS).
   */
  durableReattachAfterSilentMs?: number;
  /** Told why a kept connection (Keep connected) could not be made, once per run of failed tries. */
  keptConnectionFailed?: (target: string, error: Error) => void;
  /** How long a connection used only by commands stays after the last (default COMMAND_CONNECTION_IDLE_MS). */
  commandConnectionIdleMs?: number;
  clock?: Clock;
  now?: () => number;
  /** Told of a shell left running on its host for good (Keep running when closed): it is no longer longhaul's. */
  onSessionLetGo?: (sessionId: string) => void;
  /** Told of every session that ends, to keep it in history. */
  onSessionEnded?: (ended: EndedSession) => void;
}

/** What the page lists as reopenable (GET /api/sessions/live). */
export type LiveSessionInfo = LiveSessionSummary;

/** A tab opened from a saved session: its id, how its target is reached, and what it decides about the shell. */
export interface SavedOpen {
  id: string;
  overrides: RouteOverrides;
  /** False: a shell on a pty even where durable shells are on. */
  durable?: boolean;
  /** A durable shell whose tab was closed stays on the host after --keep-closed. */
  keepRunningWhenClosed?: boolean;
}

/** One authenticated SSH connection and the sessions sharing it. */
interface PooledConnection {
  key: string;
  /** The target as the user wrote it for the tab that made it (`de1`), for lists a person reads. */
  label: string;
  connection: SshConnection;
  jumps: SshConnection[];
  probe: HostProbe;
  sessions: Set<ShellSession>;
  /** Commands running on it now (exec channels of a run). */
  commands: number;
  /**
   * Brief channels of longhaul's own open now (a listing of the host's shells, a few seconds at most), and who waits
   * for them to end: a host at its MaxSessions refuses a tab's channel while one is open, and a moment later takes it.
   */
  brief: { open: number; ended: Set<() => void> };
  /** Set while nothing uses it: it is closed when this fires. */
  idleTimer?: unknown;
  /** Recent keepalive round trips, which bound how long a shell may take to open here. */
  rttSamples: number[];
  /**
   * The host stopped answering on this connection (a keepalive unanswered, or a shell that did not open in time):
   * new tabs go elsewhere until it answers again. Its own tabs keep it.
   */
  silent: boolean;
}

/** A durable shell a previous run left, with what its saved session (if it still exists) says about it now. */
export interface AdoptedShell extends DurableLeftover {
  saved?: { overrides?: RouteOverrides; keepRunningWhenClosed?: boolean };
}

/** A shell that did not open within its bound: the connection has gone silent. */
class ShellOpenTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no shell within ${Math.round(waitedMs / 1000)} s`);
  }
}

export class SessionManager {
  private readonly live = new Map<string, ShellSession>();
  /** Per route, the connection new tabs try first (the newest: an older one may have refused a channel). */
  private readonly pool = new Map<string, PooledConnection>();
  /** Every live SSH connection, preferred or not. */
  private readonly connections = new Set<PooledConnection>();
  /** Per route, a connection being made now (handshake, host key, login), which tabs opened meanwhile wait for. */
  private readonly connecting = new Map<string, { making: Promise<PooledConnection>; login: LoginWatch }>();
  private readonly graceTimers = new Map<string, unknown>();
  /** One per tmux server on a host (account, host name and server name): see TmuxServerGate. */
  private readonly tmuxGates = new Map<string, TmuxServerGate>();
  /** Routes of saved sessions marked Keep connected: their connection stays up with no tab on it. */
  private readonly kept: KeptConnections;
  /** New shells being opened now: they count against the session limit before they exist. */
  private opening = 0;
  private readonly maxSessions: number;
  private readonly connectAttempts: ConnectAttemptWindow;
  private readonly clock: Clock;
  private readonly now: () => number;

  constructor(
    private readonly connectDeps: ConnectDeps,
    private readonly options: SessionManagerOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    this.now = options.now ?? Date.now;
    this.maxSessions = options.maxSessions ?? MAX_SESSIONS_PER_BRIDGE;
    this.connectAttempts = new ConnectAttemptWindow(this.now, options.maxConnectsPerMinute ?? MAX_CONNECT_ATTEMPTS_PER_MINUTE);
    this.kept = new KeptConnections(this.clock, options.keptConnectionFailed);
  }

  /**
   * Keep these targets logged in (saved sessions marked Keep connected), with no tab needed, so a first tab opens on
   * a connection that is already there. Logging in asks nothing: an unknown host key or a typed secret makes it
   * fail, and it is tried again later. Targets no longer listed let their idle connection go.
   */
  keepConnectedTo(targets: ReadonlyArray<{ text: string; overrides?: RouteOverrides }>): void {
    const routes = targets.flatMap(({ text, overrides }) => {
      try {
        const route = resolveRoute(text, this.connectDeps, overrides);
        // With a channel opened ahead on it, as after any tab: the first tab then takes about one round trip.
        const connect = () => this.unattendedConnection(text, route).then((entry) => entry.connection.prepareChannel());
        return [{ key: routeKey(route), label: text, connect }];
      } catch {
        return []; // a target the ssh config no longer resolves: nothing to keep
      }
    });
    for (const key of this.kept.set(routes)) {
      const entry = this.pool.get(key);
      if (entry) this.retireIfIdle(entry);
    }
  }

  /** Whether longhaul keeps a connection to this route up (for the connection waterfall and tests). */
  isKeptConnected(text: string, overrides?: RouteOverrides): boolean {
    return this.kept.has(routeKey(resolveRoute(text, this.connectDeps, overrides)));
  }

  /**
   * Open a new shell on a target, on an existing connection when one is authenticated (no new handshake). Refused,
   * before anything connects, when longhaul holds its limit of sessions, or when a new connection is needed and the
   * minute's connection attempts are used up. (Reattaching to a live session never comes here, so is never refused.)
   */
  async open(
    text: string,
    size: { cols: number; rows: number },
    ui: ConnectUi,
    saved?: SavedOpen,
  ): Promise<ShellSession> {
    const room = admitNewSession(this.live.size + this.opening, this.maxSessions);
    if (!room.ok) throw new ConnectError('error', room.message);
    this.opening++;
    try {
      return await this.openCounted(text, size, ui, saved);
    } finally {
      this.opening--;
    }
  }

  private async openCounted(
    text: string,
    size: { cols: number; rows: number },
    ui: ConnectUi,
    saved?: SavedOpen,
  ): Promise<ShellSession> {
    const route = resolveRoute(text, this.connectDeps, saved?.overrides);
    const key = routeKey(route);
    const label = route.target.label;
    const refused = new Set<PooledConnection>();
    /** Why this tab is not on an existing connection, said again if making a new one fails. */
    let silentBefore: string | undefined;
    let askedAgain = false;
    let noted = false;
    for (;;) {
      // Tabs opened together wait for the connection one of them is making: one handshake, one password prompt.
      const inProgress = this.connecting.get(key);
      if (inProgress) {
        ui.mark('waiting-for-connection', key);
        const stop = inProgress.login.follow((asking) => {
          const sentence = waitingForLoginSentence(label, asking);
          if (ui.waitingForLogin) ui.waitingForLogin(sentence, asking);
          else ui.phase('connecting', sentence);
        });
        await inProgress.making.catch(() => undefined);
        stop();
      }
      const pooled = this.pool.get(key);
      if (pooled && !pooled.connection.isClosed && !refused.has(pooled) && !pooled.silent) {
        ui.mark('reused-connection', this.kept.has(key) ? `${label}, kept connected` : key);
        // Said once, even when the tab asks this connection again after a refusal.
        const note = noted ? undefined : await reusedLoginNote(saved?.overrides, route);
        if (note) ui.note?.(note);
        noted = true;
        ui.phase('opening-shell', label);
        try {
          return await this.openShellOn(pooled, text, route, size, ui, saved);
        } catch (error) {
          if (!(error instanceof ShellOpenTimeout) && !askedAgain) {
            // A host at its MaxSessions may be full only for a moment: a listing of ours holds a channel, or one of
            // ours just closed (OpenSSH frees it at the end of its loop's turn, and refuses a new one in the same
            // turn). Once those are done and a keepalive has come back, ask once more rather than log in again (a
            // second login may ask for a password the first one did not).
            askedAgain = true;
            await this.briefChannelsEnded(pooled);
            await pooled.connection.ping().catch(() => {});
            continue;
          }
          refused.add(pooled);
          if (error instanceof ShellOpenTimeout) {
            // Left to its own tabs; this tab (and every new one) goes to a new connection.
            ui.mark('shell-open-timeout', key);
            silentBefore = `${label} did not open a shell within ${Math.round(error.waitedMs / 1000)} s on its open connection: the host or the network to it has gone silent.`;
            ui.phase('connecting', `${silentBefore} Trying a new connection…`);
          } else {
            // The host refused another channel on this connection (MaxSessions); make a new one.
            ui.mark('channel-refused', key);
          }
          continue;
        }
      }
      if (pooled?.silent && !refused.has(pooled)) ui.mark('silent-connection-skipped', key);
      // Another tab may have started a connection while this one was refused a channel: wait for that one.
      if (!this.connecting.has(key)) break;
    }
    let fresh: PooledConnection;
    try {
      fresh = await this.newConnection(text, route, ui);
    } catch (error) {
      if (silentBefore && error instanceof ConnectError) throw new ConnectError(error.reason, `${silentBefore} A new connection failed too: ${error.message}`);
      throw error;
    }
    ui.phase('opening-shell', label);
    try {
      return await this.openShellOn(fresh, text, route, size, ui, saved);
    } catch (error) {
      this.retireIfIdle(fresh);
      if (error instanceof ShellOpenTimeout) {
        throw new ConnectError(
          'connect-failed',
          `${label} accepted the login but did not open a shell within ${Math.round(error.waitedMs / 1000)} s: the host or the network to it has gone silent. Try again in a while.`,
        );
      }
      throw error;
    }
  }

  private adopt(key: string, text: string, connection: SshConnection, jumps: SshConnection[]): PooledConnection {
    const entry: PooledConnection = {
      key,
      label: text.trim(),
      connection,
      jumps,
      sessions: new Set(),
      commands: 0,
      brief: { open: 0, ended: new Set() },
      rttSamples: [],
      silent: false,
      probe: new HostProbe(
        () => connection.ping(),
        {
          rtt: (ms) => {
            // An answer proves the connection alive: new tabs may use it again.
            entry.silent = false;
            rememberRtt(entry.rttSamples, ms);
            entry.sessions.forEach((s) => s.reportHostRtt(ms));
          },
          silence: (silentForMs) => {
            if (silentForMs !== null) entry.silent = true;
            entry.sessions.forEach((s) => s.reportHostSilence(silentForMs));
            if (silentForMs !== null && silentForMs >= (this.options.durableReattachAfterSilentMs ?? DURABLE_REATTACH_AFTER_SILENT_MS)) {
              this.moveDurableShellsOff(entry);
            }
          },
        },
        this.clock,
      ),
    };
    // A second connection to the same route (the first refused a channel) is the one new tabs try from now on.
    this.pool.set(key, entry);
    this.connections.add(entry);
    connection.onClose((error) => {
      for (const session of [...entry.sessions]) session.connectionClosed(error);
      this.retire(entry);
      this.kept.lost(key);
    });
    entry.probe.start();
    return entry;
  }

  private async openShellOn(
    entry: PooledConnection,
    text: string,
    route: ResolvedRoute,
    size: { cols: number; rows: number },
    ui: ConnectUi,
    saved?: SavedOpen,
  ): Promise<ShellSession> {
    const target = { ...route.target, label: text.trim() };
    const savedSessionId = saved?.id;
    let session: ShellSession | undefined;
    const wantsDurable = this.options.durable !== undefined && saved?.durable !== false;
    const durable = wantsDurable ? await this.openDurable(entry, text, route, size, () => session) : undefined;
    if (durable === null) ui.note?.(`${target.label} has no tmux (3.2 or newer): this shell ends if longhaul stops.`);
    else if (!durable && this.options.durable) ui.note?.('This saved session keeps its shells on a pty (Shell: Ends with longhaul): this shell ends if longhaul stops.');
    else if (!durable) ui.note?.('Durable shells are off (--durable off): this shell ends if longhaul stops.');
    let shell: ShellChannel;
    if (durable) shell = durable;
    else {
      const opening = entry.connection.openShell({ ...size, term: TERM, env: { LANG: shellLocale() } });
      // The next tab's channel is asked for now, right behind this one's (which is already on its way), so a tab
      // opened straight after this one also finds a channel open and waiting: one round trip to its shell.
      entry.connection.prepareChannel();
      shell = await this.withinDeadline(entry, opening);
    }
    ui.mark('shell-open', route.target.label);
    session = new ShellSession(target, shell, {
      ...(this.options.watermarks ? { watermarks: this.options.watermarks } : {}),
      ...(this.options.outputBufferBytes ? { outputBufferBytes: this.options.outputBufferBytes } : {}),
      ...(this.options.maxPendingInputBytes ? { maxPendingInputBytes: this.options.maxPendingInputBytes } : {}),
      ...(savedSessionId ? { savedSessionId } : {}),
      ...(durable && saved?.keepRunningWhenClosed ? { keepRunningWhenClosed: true } : {}),
      now: this.now,
      onEnd: (ended, end) => this.ended(ended, end),
    });
    entry.sessions.add(session);
    this.keepInUse(entry);
    this.live.set(session.id, session);
    // A no-op unless the channel asked for above is gone already (the host closed it): then ask again.
    entry.connection.prepareChannel();
    return session;
  }

  /**
   * A shell in a new tmux session on the host, or null when the host has no tmux (the tab then gets a shell on a
   * pty). After a cut it gets back to its pane through `reconnectExec`, which moves its session to the connection.
   */
  private async openDurable(
    entry: PooledConnection,
    text: string,
    route: ResolvedRoute,
    size: { cols: number; rows: number },
    sessionOf: () => ShellSession | undefined,
  ): Promise<DurableShell | null> {
    const ref = { socket: this.options.durable?.socket ?? DEFAULT_TMUX_SOCKET, sessionName: `lh-${randomUUID()}` };
    const deps = {
      exec: (command: string, connected?: () => Promise<void>) => this.reconnectExec(text, route, sessionOf(), command, connected),
      read: (command: string) => this.readOnHost(text, route, command),
      clock: this.clock,
      gate: this.tmuxServerGate(route, ref.socket),
      label: text.trim(),
      term: TERM,
    };
    let startNow = () => {};
    const starting = new Promise<void>((resolve) => (startNow = resolve));
    const opening = DurableShell.open(ref, deps, size, (command) => {
      startNow();
      const channel = entry.connection.exec(command, { LANG: shellLocale() });
      // The next tab's channel, asked for right behind this one's, as for a shell on a pty.
      entry.connection.prepareChannel();
      return channel;
    });
    try {
      // Waiting in line for the host's tmux server (other tabs starting) says nothing about the connection: the
      // bound that finds a silent one starts with this shell's own start.
      await Promise.race([starting, opening]);
      return await this.withinDeadline(entry, opening);
    } catch (error) {
      if (error instanceof NoTmuxError) return null;
      throw error;
    }
  }

  /**
   * The gate of the host's tmux server of this name, shared by all its shells. By account and host name, not by
   * route: two routes to one host (another port, through a jump host) reach the same tmux server; two hosts taken
   * for one only start their shells one after the other.
   */
  private tmuxServerGate(route: ResolvedRoute, socket: string): TmuxServerGate {
    const key = `${route.target.user}@${route.target.host}\n${socket}`;
    let gate = this.tmuxGates.get(key);
    if (!gate) this.tmuxGates.set(key, (gate = new TmuxServerGate(this.clock)));
    return gate;
  }

  /**
   * Run a command for a durable shell whose connection went: on the route's pooled connection if it is up, else on
   * a new one made without asking the user anything (no host-key question, no typed secret: agent or key files).
   */
  private async reconnectExec(text: string, route: ResolvedRoute, session: ShellSession | undefined, command: string, connected?: () => Promise<void>) {
    // The tab's connection waterfall shows how getting back went: a new login, or a connection already there.
    const timeline = new ConnectTimeline();
    const entry = await this.unattendedConnection(text, route, { ...unattendedUi, mark: (step, detail) => timeline.mark(step, detail) });
    await connected?.();
    if (session && !session.isEnded) {
      for (const other of this.connections) other.sessions.delete(session);
      entry.sessions.add(session);
    }
    const channel = await entry.connection.exec(command, { LANG: shellLocale() });
    timeline.mark('shell-open', route.target.label);
    session?.reportTimeline(timeline.steps);
    return channel;
  }

  /** Run a command for a durable shell on the route's connection (up: its control client has just reached tmux). */
  private async readOnHost(text: string, route: ResolvedRoute, command: string) {
    const entry = await this.unattendedConnection(text, route);
    return entry.connection.exec(command, { LANG: shellLocale() });
  }

  /**
   * The route's pooled connection if it is up, else a new one made without asking the user anything (no host-key
   * question, no typed secret: agent or key files). For durable shells getting back, and kept connections.
   */
  private async unattendedConnection(text: string, route: ResolvedRoute, ui: ConnectUi = unattendedUi): Promise<PooledConnection> {
    const key = routeKey(route);
    const inProgress = this.connecting.get(key);
    if (inProgress) {
      ui.mark('waiting-for-connection', key);
      await inProgress.making.catch(() => undefined);
    }
    const pooled = this.pool.get(key);
    if (pooled && !pooled.connection.isClosed && !pooled.silent) {
      ui.mark('reused-connection', key);
      return pooled;
    }
    return this.newConnection(text, route, ui);
  }

  /**
   * A new connection for the route, into the pool; tabs opened meanwhile wait for it (one handshake, one password
   * prompt). It counts against --max-connects-per-minute: one attempt per route, whatever its ProxyJump hops.
   */
  private async newConnection(text: string, route: ResolvedRoute, ui: ConnectUi): Promise<PooledConnection> {
    const key = routeKey(route);
    const attempt = this.connectAttempts.tryAttempt();
    if (!attempt.ok) throw new ConnectError('error', attempt.message);
    const login = new LoginWatch();
    const making = connectTarget(text, this.connectDeps, login.watch(ui), route).then((connected) => this.adopt(key, text, connected.connection, connected.jumps));
    const pending = { making, login };
    this.connecting.set(key, pending);
    try {
      return await making;
    } finally {
      if (this.connecting.get(key) === pending) this.connecting.delete(key);
    }
  }

  /**
   * A connection that went silent without closing (a laptop asleep past its NAT's memory, a path that died): its
   * durable shells get back to their panes over a new one, as after a cut; shells on a pty wait for it, as always.
   */
  private moveDurableShellsOff(entry: PooledConnection): void {
    for (const session of [...entry.sessions]) if (session.leaveSilentConnection()) entry.sessions.delete(session);
    this.retireIfIdle(entry);
  }

  /** Resolves once no brief channel of longhaul's is open on the connection (at most LIST_HOST_SHELLS_MS and a second). */
  private briefChannelsEnded(entry: PooledConnection): Promise<void> {
    if (entry.brief.open === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        entry.brief.ended.delete(done);
        this.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.clock.setTimeout(done, LIST_HOST_SHELLS_MS + 1_000);
      entry.brief.ended.add(done);
    });
  }

  /** A connection with no session or command on it goes (an idle SSH login left open is a liability), unless kept. */
  private retireIfIdle(entry: PooledConnection): void {
    if (entry.sessions.size === 0 && entry.commands === 0 && this.connections.has(entry) && !this.kept.has(entry.key)) this.retire(entry);
  }

  /**
   * The shell, or ShellOpenTimeout once a few of the connection's round trips have passed without it (a frozen
   * path gives no answer and no error). The connection then counts as silent; a shell that opens late is closed.
   */
  private withinDeadline<T extends { close(): unknown }>(entry: PooledConnection, opening: Promise<T>): Promise<T> {
    const waitMs = shellOpenDeadlineMs(entry.rttSamples, this.options.shellOpenMinWaitMs);
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = this.clock.setTimeout(() => {
        late = true;
        entry.silent = true;
        reject(new ShellOpenTimeout(waitMs));
      }, waitMs);
      opening.then(
        (shell) => {
          if (late) return void shell.close();
          this.clock.clearTimeout(timer);
          resolve(shell);
        },
        (error: unknown) => {
          if (late) return;
          this.clock.clearTimeout(timer);
          reject(error as Error);
        },
      );
    });
  }

  private ended(session: ShellSession, end: SessionEnd): void {
    const savedSessionId = session.savedSessionId;
    this.live.delete(session.id);
    this.cancelGrace(session.id);
    // A durable shell may have moved to another connection since it opened: it is on the one that holds it.
    for (const entry of [...this.connections]) {
      if (!entry.sessions.delete(session)) continue;
      // The last session on a connection takes the connection with it: an idle SSH login left open is a liability.
      // Not before its shell has told the host what closing asks (a durable shell's tmux session is killed).
      if (entry.sessions.size === 0) void session.whenShellClosed.then(() => this.retireIfIdle(entry));
    }
    this.options.onSessionEnded?.({
      sessionId: session.id,
      target: session.target.label,
      ...(savedSessionId ? { savedSessionId } : {}),
      startedAt: session.startedAt,
      endedAt: this.now(),
      end,
      scrollback: session.scrollback(),
    });
  }

  /**
   * Run a command on a target as an SSH exec channel (not typed into a shell): on its logged-in connection when
   * there is one, else on a new connection made with `ui`. The connection stays while the channel is open, and for
   * commandConnectionIdleMs after the last command when no tab uses it.
   */
  async exec(text: string, command: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<CommandChannel> {
    const route = resolveRoute(text, this.connectDeps, overrides);
    const { reused, fresh } = await this.pooledOrNew(text, route, ui, (entry) => this.execOn(entry, command));
    if (!fresh) return reused!;
    try {
      return await this.execOn(fresh, command);
    } catch (error) {
      if (error instanceof ShellOpenTimeout) {
        throw new ConnectError('connect-failed', `${route.target.label} accepted the login but did not start the command within ${Math.round(error.waitedMs / 1000)} s: the host or the network to it has gone silent.`);
      }
      throw new ConnectError('error', `${route.target.label} refused to run a command: ${(error as Error).message}.`);
    }
  }

  /**
   * An SFTP session on a target (file transfers), on its logged-in connection when there is one, else on a new one
   * made with `ui`; counted as a command of the connection while it is open.
   */
  async sftp(text: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<SFTPWrapper> {
    const route = resolveRoute(text, this.connectDeps, overrides);
    const { reused, fresh } = await this.pooledOrNew(text, route, ui, (entry) => this.sftpOn(entry));
    if (!fresh) return reused!;
    try {
      return await this.sftpOn(fresh);
    } catch (error) {
      throw new ConnectError('error', `${route.target.label} refused a file transfer (its SFTP subsystem): ${(error as Error).message}.`);
    }
  }

  /**
   * `use` on the route's logged-in connection (waiting for one being made), or the new connection to use instead
   * when there is none, or it refuses (silent, or full: MaxSessions).
   */
  private async pooledOrNew<T>(text: string, route: ResolvedRoute, ui: ConnectUi, use: (entry: PooledConnection) => Promise<T>): Promise<{ reused?: T; fresh?: PooledConnection }> {
    const key = routeKey(route);
    const refused = new Set<PooledConnection>();
    for (;;) {
      const inProgress = this.connecting.get(key);
      if (inProgress) await inProgress.making.catch(() => undefined);
      const pooled = this.pool.get(key);
      if (pooled && !pooled.connection.isClosed && !refused.has(pooled) && !pooled.silent) {
        ui.mark('reused-connection', key);
        try {
          return { reused: await use(pooled) };
        } catch {
          // Silent, or full (MaxSessions): the next try makes a new connection.
          refused.add(pooled);
          continue;
        }
      }
      if (!this.connecting.has(key)) break;
    }
    return { fresh: await this.newConnection(text, route, ui) };
  }

  private async sftpOn(entry: PooledConnection): Promise<SFTPWrapper> {
    entry.commands++;
    this.keepInUse(entry);
    let sftp: SFTPWrapper;
    try {
      // (An SFTP session ends with end(); its close() is for a file handle.)
      const opening = entry.connection.sftp().then((session) => ({ session, close: () => session.end() }));
      sftp = (await this.withinDeadline(entry, opening)).session;
    } catch (error) {
      entry.commands--;
      this.closeWhenUnused(entry);
      throw error;
    }
    sftp.once('close', () => {
      entry.commands--;
      this.closeWhenUnused(entry);
    });
    return sftp;
  }

  /** Whether a command on this target would find a logged-in connection now (no login needed). */
  hasLoggedInConnection(text: string, overrides?: RouteOverrides): boolean {
    let key: string;
    try {
      key = routeKey(resolveRoute(text, this.connectDeps, overrides));
    } catch {
      return false;
    }
    const pooled = this.pool.get(key);
    return pooled !== undefined && !pooled.connection.isClosed && !pooled.silent;
  }

  private async execOn(entry: PooledConnection, command: string): Promise<CommandChannel> {
    entry.commands++;
    this.keepInUse(entry);
    let running: CommandChannel;
    try {
      const opening = entry.connection.execCommand(command, { LANG: shellLocale() }).then((opened) => ({ ...opened, close: () => opened.channel.close() }));
      running = await this.withinDeadline(entry, opening);
    } catch (error) {
      entry.commands--;
      this.closeWhenUnused(entry);
      throw error;
    }
    running.channel.once('close', () => {
      entry.commands--;
      this.closeWhenUnused(entry);
    });
    return running;
  }

  /** Something uses this connection again: it is no longer on its way out. */
  private keepInUse(entry: PooledConnection): void {
    if (entry.idleTimer === undefined) return;
    this.clock.clearTimeout(entry.idleTimer);
    delete entry.idleTimer;
  }

  /** Nothing uses this connection: close it after a while, unless a tab or a command takes it meanwhile. */
  private closeWhenUnused(entry: PooledConnection): void {
    if (entry.sessions.size > 0 || entry.commands > 0 || !this.connections.has(entry)) return;
    this.keepInUse(entry);
    entry.idleTimer = this.clock.setTimeout(() => {
      delete entry.idleTimer;
      this.retireIfIdle(entry);
    }, this.options.commandConnectionIdleMs ?? COMMAND_CONNECTION_IDLE_MS);
  }

  private retire(entry: PooledConnection): void {
    this.keepInUse(entry);
    entry.probe.dispose();
    this.connections.delete(entry);
    if (this.pool.get(entry.key) === entry) this.pool.delete(entry.key);
    entry.connection.close();
    for (const jump of entry.jumps) jump.close();
  }

  /**
   * Take back the durable shells a previous run of longhaul left running in tmux: each is live again under its old
   * id (so its tab, reloaded, attaches to it), reconnects by itself, and is kept like a closed tab's shell until a
   * tab takes it. One whose tmux session is gone ends, into the history.
   */
  adoptDurableShells(leftovers: readonly AdoptedShell[]): void {
    for (const leftover of leftovers) {
      try {
        this.takeDurableShell(leftover.target, leftover.durable, {
          resumed: { id: leftover.liveSessionId, startedAt: leftover.startedAt },
          ...(leftover.savedSessionId ? { savedSessionId: leftover.savedSessionId } : {}),
          ...(leftover.saved ? { saved: leftover.saved } : {}),
        });
      } catch {
        continue; // a target the ssh config no longer resolves
      }
    }
  }

  /**
   * longhaul's tmux sessions on the hosts it is logged in to now that no session of its own holds (left by another
   * longhaul, or another run whose store is gone), for a new tab to offer. A host that does not answer in time, or
   * has no tmux, lists none.
   */
  async hostShells(): Promise<Array<HostShell & { target: string }>> {
    const socket = this.options.durable?.socket ?? DEFAULT_TMUX_SOCKET;
    const held = new Set([...this.live.values()].flatMap((s) => (s.durable?.socket === socket ? [s.durable.sessionName] : [])));
    const byHost = new Map<string, PooledConnection>();
    for (const entry of this.connections) if (!entry.silent && !entry.connection.isClosed && !byHost.has(entry.label)) byHost.set(entry.label, entry);
    const listed = await Promise.all(
      [...byHost.values()].map(async (entry) => {
        entry.brief.open++;
        try {
          const channel = await entry.connection.exec(listHostShellsCommand(socket), undefined, { useChannelAhead: false });
          const shells = parseHostShells(await readListing(channel, LIST_HOST_SHELLS_MS, this.clock));
          return shells.filter((shell) => !held.has(shell.sessionName)).map((shell) => ({ ...shell, target: entry.label }));
        } catch {
          return []; // the host refused a channel, or the connection went: nothing to offer from it now
        } finally {
          if (--entry.brief.open === 0) for (const ended of [...entry.brief.ended]) ended();
        }
      }),
    );
    return listed.flat();
  }

  /**
   * Take a shell a tab asked for from hostShells(): a live session of this longhaul's from now on (detached, kept
   * as a closed tab's shell until a tab attaches, which the page does at once).
   */
  takeHostShell(target: string, sessionName: string): LiveSessionInfo {
    if (!SESSION_NAME.test(sessionName)) throw new ConnectError('bad-target', `"${sessionName}" is not a shell longhaul started.`);
    const socket = this.options.durable?.socket ?? DEFAULT_TMUX_SOCKET;
    const holder = [...this.live.values()].find((s) => s.durable?.socket === socket && s.durable.sessionName === sessionName);
    return summaryOf(holder ?? this.takeDurableShell(target, { socket, sessionName }, {}));
  }

  /** A live session for a tmux session on a host, reattached to in the background (a gone one ends, into history). */
  private takeDurableShell(
    target: string,
    ref: { socket: string; sessionName: string },
    options: { resumed?: { id: string; startedAt: number }; savedSessionId?: string; saved?: AdoptedShell['saved'] },
  ): ShellSession {
    const route = resolveRoute(target, this.connectDeps, options.saved?.overrides);
    let session: ShellSession | undefined;
    const shell = DurableShell.reattachLater(ref, {
      exec: (command, connected) => this.reconnectExec(target, route, session, command, connected),
      read: (command) => this.readOnHost(target, route, command),
      clock: this.clock,
      gate: this.tmuxServerGate(route, ref.socket),
      label: target,
      term: TERM,
    });
    session = new ShellSession({ ...route.target, label: target }, shell, {
      ...(this.options.watermarks ? { watermarks: this.options.watermarks } : {}),
      ...(this.options.outputBufferBytes ? { outputBufferBytes: this.options.outputBufferBytes } : {}),
      ...(this.options.maxPendingInputBytes ? { maxPendingInputBytes: this.options.maxPendingInputBytes } : {}),
      ...(options.savedSessionId ? { savedSessionId: options.savedSessionId } : {}),
      ...(options.resumed ? { resumed: options.resumed } : {}),
      ...(options.saved?.keepRunningWhenClosed ? { keepRunningWhenClosed: true } : {}),
      now: this.now,
      onEnd: (ended, end) => this.ended(ended, end),
    });
    this.live.set(session.id, session);
    this.keepDetached(session);
    return session;
  }

  get(sessionId: string): ShellSession | undefined {
    return this.live.get(sessionId);
  }

  /** A tab let go of a session: keep the shell running for the grace period, then end it. */
  keepDetached(session: ShellSession): void {
    if (session.isEnded || session.isAttached) return;
    this.cancelGrace(session.id);
    const keepMs = this.options.keepClosedMs ?? DEFAULT_KEEP_CLOSED_MS;
    this.graceTimers.set(
      session.id,
      this.clock.setTimeout(() => {
        this.graceTimers.delete(session.id);
        if (!session.isAttached) {
          if (session.keepRunningWhenClosed && this.letGo(session)) return;
          session.close({ reason: 'user', message: `The session to ${session.target.label} was closed ${Math.round(keepMs / 60_000)} minutes after its tab.` });
        }
      }, keepMs),
    );
  }

  /**
   * Leave a durable shell running on its host for good, no longer one of this longhaul's sessions: a new tab lists
   * it under its host (Keep running when closed). False for a shell that cannot outlive longhaul.
   */
  private letGo(session: ShellSession): boolean {
    if (!session.leaveRunning()) return false;
    this.live.delete(session.id);
    this.options.onSessionLetGo?.(session.id);
    for (const entry of [...this.connections]) {
      if (entry.sessions.delete(session)) this.retireIfIdle(entry);
    }
    return true;
  }

  /** A tab took a session back: it no longer expires. */
  reattached(session: ShellSession): void {
    this.cancelGrace(session.id);
  }

  private cancelGrace(sessionId: string): void {
    const timer = this.graceTimers.get(sessionId);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.graceTimers.delete(sessionId);
  }

  list(): LiveSessionInfo[] {
    return [...this.live.values()].map(summaryOf);
  }

  /** Every live session, for keeping their output in the store. */
  sessions(): Iterable<ShellSession> {
    return this.live.values();
  }

  get size(): number {
    return this.live.size;
  }

  /** The SSH connections logged in now, for GET /api/connections. */
  connectionList(): ConnectionSummary[] {
    return [...this.connections]
      .filter((entry) => !entry.connection.isClosed)
      .map((entry) => ({ route: entry.key, shells: entry.sessions.size, kept: this.kept.has(entry.key), silent: entry.silent }));
  }

  /** SSH connections open now (for tests of reuse, and for the benchmarks). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections holding a channel opened ahead for the next tab (for the tests of opening tabs). */
  get spareChannelCount(): number {
    return [...this.connections].filter((c) => c.connection.hasSpareChannel).length;
  }

  /**
   * longhaul is stopping: durable shells are left running in tmux, for the next run to take back; every other
   * session ends. Resolves once each ending shell has told its host what that asks.
   */
  closeAll(): Promise<void> {
    const sessions = [...this.live.values()].filter((session) => !session.leaveRunning());
    for (const timer of this.graceTimers.values()) this.clock.clearTimeout(timer);
    this.graceTimers.clear();
    for (const session of sessions) {
      session.close({ reason: 'user', message: `longhaul stopped; the session to ${session.target.label} ended.` });
    }
    return Promise.all(sessions.map((session) => session.whenShellClosed)).then(() => {
      // Connections kept for the next command (or whose last tab just went) go too: longhaul is stopping.
      for (const entry of [...this.connections]) if (entry.sessions.size === 0) this.retire(entry);
    });
  }

  /** The ssh config as read now (for groups made from its wildcard Host lines). */
  sshConfig() {
    return this.connectDeps.sshConfig();
  }
}

/** Reconnecting for a durable shell asks nobody anything: an unknown host key is refused, a typed secret is not there. */
const unattendedUi: ConnectUi = {
  phase: () => {},
  mark: () => {},
  askHostKey: async () => false,
  askSecrets: async () => null,
};

/** A saved session's key file that does not exist, when its tab reuses another tab's login instead. */
async function reusedLoginNote(overrides: RouteOverrides | undefined, route: ResolvedRoute): Promise<string | undefined> {
  const keyFile = overrides?.keyFile;
  if (keyFile === undefined) return undefined;
  const exists = await access(route.target.identityFiles[0] ?? keyFile).then(
    () => true,
    () => false,
  );
  return missingKeyFileNote(keyFile, exists, route.target.label);
}

function summaryOf(s: ShellSession): LiveSessionInfo {
  return {
    id: s.id,
    target: s.target.label,
    ...(s.savedSessionId ? { savedSessionId: s.savedSessionId } : {}),
    attached: s.isAttached,
    startedAt: s.startedAt,
    lastLine: s.lastLine(),
    ...(s.detachedAt !== undefined ? { detachedAt: s.detachedAt } : {}),
  };
}
