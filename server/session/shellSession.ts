// A live shell on a host: numbered and buffered output, flow control against the page's acknowledgements,
// input written exactly once, and a life of its own when no tab is attached.
import { randomUUID } from 'node:crypto';
import { OUTPUT_BATCH_MAX_BYTES } from '../../shared/flowControl.js';
import type { TimelineStep } from './connectTimeline.js';
import type { ClosedReason } from '../../shared/protocol.js';
import type { ShellChannel } from '../ssh/sshConnection.js';
import type { SshTarget } from '../ssh/target.js';
import { admitInput, shouldPauseOutput, type InputVerdict, type Watermarks } from './flowControl.js';
import { lastLineOf } from '../store/lastLine.js';
import { OutputBuffer } from './outputBuffer.js';
import { PendingInputGate } from './resourceLimits.js';

/** The last line is looked for in this much of the newest output (a screenful or two). */
const LAST_LINE_WINDOW_BYTES = 8 * 1024;

/** Where a session's output and end go: the tab attached to it. */
export interface SessionViewer {
  output(offset: number, bytes: Uint8Array): void;
  ended(reason: ClosedReason, message: string, exitCode?: number): void;
  /** The longhaul ↔ host round trip just measured. */
  hostRtt(ms: number): void;
  /** The host has not answered for this long; null when it answers again. */
  hostSilence(silentForMs: number | null): void;
  /** The connection under a shell that outlives it was cut: try `attempt` to get back to it is under way; null: back. */
  reconnecting(attempt: number | null): void;
  /** How the last getting back to such a shell went, step by step (the connection waterfall). */
  timeline(steps: readonly TimelineStep[]): void;
}

export interface SessionEnd {
  reason: ClosedReason;
  message: string;
  exitCode?: number;
}

export interface ShellSessionOptions {
  watermarks?: Watermarks;
  outputBufferBytes?: number;
  /** Input queued for the host beyond which frames are refused (default MAX_PENDING_INPUT_BYTES). */
  maxPendingInputBytes?: number;
  /** The saved session it was opened from, if any. */
  savedSessionId?: string;
  /** Called once, when the session has ended for good. */
  onEnd?: (session: ShellSession, end: SessionEnd) => void;
  now?: () => number;
  /** Left running on its host when its tab has been closed past the grace period, instead of ended. */
  keepRunningWhenClosed?: boolean;
  /** Its id and start, when it is a durable shell a previous run of longhaul had (tabs know it by that id). */
  resumed?: { id: string; startedAt: number };
}

/**
 * What became of an input frame: written (or queued, within the bound) for the host, a repeat, a gap, or refused
 * because the host has not taken what is already queued. A refused frame's bytes are dropped, never written later,
 * yet keep their place in the input stream, so the frames after it are neither repeats nor gaps.
 */
export type SessionInputVerdict = InputVerdict | { kind: 'refused'; bytes: number; message: string };

/** Where attaching a tab starts its output, and whether the tab must clear its screen and redraw from there. */
export interface AttachPoint {
  offset: number;
  replay: boolean;
  /** The end of the output held now: what is sent before it rebuilds the tab's screen, what comes after is live. */
  liveFrom: number;
}

export class ShellSession {
  readonly id: string;
  readonly startedAt: number;
  private readonly output: OutputBuffer;
  private acknowledged = 0;
  /** Input bytes taken from the page: written to the channel, or refused (the page was told). */
  private inputTaken = 0;
  private readonly inputGate: PendingInputGate;
  private paused = false;
  private viewer: SessionViewer | undefined;
  // Output waiting to go to the viewer: an SSH connection delivers a shell's output in packets of a few KiB, many
  // per read of its socket; sending them as one frame once the read is handled saves a frame, and the page's
  // acknowledgement of it, per packet (the bridge's and the page's work per byte, with the same latency).
  private unsent: Buffer[] = [];
  private unsentBytes = 0;
  private unsentOffset = 0;
  private sendScheduled = false;
  private detachedAtMs: number | undefined;
  private endedWith: SessionEnd | undefined;
  private exitCode: number | undefined;
  private exitSignal: string | undefined;
  /** The shell said it ended (an exit status, a signal, or a tmux session that ended), rather than the channel just closing. */
  private exited = false;
  private silentForMs: number | null = null;
  /** The try under way to get back to a shell whose connection was cut, or null. */
  private reconnectAttempt: number | null = null;
  private shellClosing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    readonly target: SshTarget,
    private readonly shell: ShellChannel,
    private readonly options: ShellSessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.id = options.resumed?.id ?? randomUUID();
    this.startedAt = options.resumed?.startedAt ?? this.now();
    this.output = new OutputBuffer(options.outputBufferBytes);
    this.inputGate = new PendingInputGate(options.maxPendingInputBytes);
    const stream = shell.stream;
    const onData = (chunk: Buffer) => this.produce(chunk);
    stream.on('data', onData);
    stream.stderr.on('data', onData);
    stream.on('exit', (code: number | null, signal?: string) => {
      this.exited = true;
      if (typeof code === 'number') this.exitCode = code;
      if (signal) this.exitSignal = signal;
    });
    shell.onReconnecting?.((attempt) => {
      this.reconnectAttempt = attempt;
      if (!this.endedWith) this.viewer?.reconnecting(attempt);
    });
    stream.on('close', () => {
      if (this.exited) {
        // A shell in tmux ends with its session, and tmux does not say with which status.
        const how = this.exitSignal ? ` was killed by signal ${this.exitSignal}` : this.exitCode !== undefined ? ` exited with code ${this.exitCode}` : ' ended';
        this.end({ reason: 'exit', message: `The shell on ${target.label}${how}.`, ...(this.exitCode !== undefined ? { exitCode: this.exitCode } : {}) });
      } else {
        this.end({ reason: 'host-closed', message: `${target.label} closed the session.` });
      }
    });
  }

  get outputOffset(): number {
    return this.output.end;
  }

  /** Where the page's next new input byte goes; everything before it was written or refused, never to be sent again. */
  get inputOffset(): number {
    return this.inputTaken;
  }

  /** Input written to the channel that the host has not taken yet (ssh2 holds it until the SSH window opens). */
  get pendingInputBytes(): number {
    return this.shell.stream.writableLength;
  }

  get isEnded(): boolean {
    return this.endedWith !== undefined;
  }

  get isAttached(): boolean {
    return this.viewer !== undefined;
  }

  /** When the last tab let go of it (undefined while attached). */
  get detachedAt(): number | undefined {
    return this.detachedAtMs;
  }

  /** The recent output as text, colours and all, for the closed-session history. */
  scrollback(): string {
    return this.output.text();
  }

  /** Output offset of the oldest byte still held. */
  get outputStartOffset(): number {
    return this.output.startOffset;
  }

  /** The output from `offset` on, while it is still held (undefined once it is not). */
  outputSince(offset: number): Buffer[] | undefined {
    return this.output.since(offset);
  }

  /** Taken back from a previous run of longhaul (its output here starts afresh). */
  get resumed(): boolean {
    return this.options.resumed !== undefined;
  }

  /** The tmux session its shell runs in on the host, for a durable shell. */
  get keepRunningWhenClosed(): boolean {
    return this.options.keepRunningWhenClosed === true;
  }

  /** The folder the shell is in, when its host can say (a durable shell's tmux can). */
  currentFolder(): Promise<string | undefined> {
    return this.shell.currentFolder?.() ?? Promise.resolve(undefined);
  }

  get durable(): { socket: string; sessionName: string } | undefined {
    return this.shell.durableRef;
  }

  /** The saved session it was opened from, if any. */
  get savedSessionId(): string | undefined {
    return this.options.savedSessionId;
  }

  /** The last line worth reading (escapes gone, a bare prompt skipped), to tell sessions apart in a list as history does. */
  lastLine(): string {
    return lastLineOf(this.output.text(Math.max(this.output.startOffset, this.output.end - LAST_LINE_WINDOW_BYTES))) ?? '';
  }

  /**
   * Where a tab that has drawn everything before `fromOffset` (0 for a fresh terminal) would resume: there, if
   * that output is still held; else it must clear its screen and draw what is held, from a line start.
   */
  attachPoint(fromOffset: number): AttachPoint {
    const liveFrom = this.output.end;
    return this.output.since(fromOffset)
      ? { offset: fromOffset, replay: false, liveFrom }
      : { offset: this.output.replayStart(), replay: true, liveFrom };
  }

  /** Attach a tab at a point from attachPoint(): it is sent the output it has not drawn, then everything new. */
  attach(viewer: SessionViewer, point: AttachPoint = this.attachPoint(0)): void {
    if (this.viewer && this.viewer !== viewer) this.viewer.ended('user', 'This session was opened in another tab.');
    this.viewer = viewer;
    this.detachedAtMs = undefined;
    // The replay below, from the buffer, includes it.
    this.dropUnsent();
    // What the tab has not drawn is, by definition, not acknowledged.
    this.acknowledged = point.offset;
    let offset = point.offset;
    for (const chunk of this.output.since(point.offset) ?? []) {
      viewer.output(offset, chunk);
      offset += chunk.byteLength;
    }
    this.updateFlow();
    if (this.endedWith) viewer.ended(this.endedWith.reason, this.endedWith.message, this.endedWith.exitCode);
    else {
      if (this.silentForMs !== null) viewer.hostSilence(this.silentForMs);
      if (this.reconnectAttempt !== null) viewer.reconnecting(this.reconnectAttempt);
    }
  }

  detach(viewer: SessionViewer): void {
    if (this.viewer !== viewer) return;
    this.dropUnsent();
    this.viewer = undefined;
    this.detachedAtMs = this.now();
  }

  /** The page has drawn everything before `offset`. */
  acknowledge(offset: number): void {
    this.acknowledged = Math.max(this.acknowledged, Math.min(offset, this.output.end));
    this.updateFlow();
  }

  /** Write keystrokes that start at input byte `offset`; repeats are dropped, and input beyond the bound refused. */
  input(offset: number, bytes: Uint8Array): SessionInputVerdict {
    const verdict = admitInput(this.inputTaken, offset, bytes);
    if (verdict.kind !== 'write' || this.endedWith) return verdict;
    const admitted = this.inputGate.admit(this.pendingInputBytes, verdict.bytes.byteLength);
    this.inputTaken += verdict.bytes.byteLength;
    if (!admitted.ok) return { kind: 'refused', bytes: verdict.bytes.byteLength, message: admitted.message };
    this.shell.write(verdict.bytes);
    return verdict;
  }

  resize(cols: number, rows: number): void {
    if (!this.endedWith) this.shell.resize(cols, rows);
  }

  /** How getting back to a shell that outlived its connection went: the tab's connection waterfall shows it. */
  reportTimeline(steps: readonly TimelineStep[]): void {
    if (!this.endedWith) this.viewer?.timeline(steps);
  }

  /** From the host probe: a round trip was measured. */
  reportHostRtt(ms: number): void {
    if (!this.endedWith) this.viewer?.hostRtt(ms);
  }

  /** From the host probe: the host is silent (or answers again, with null). */
  reportHostSilence(silentForMs: number | null): void {
    this.silentForMs = silentForMs;
    if (!this.endedWith) this.viewer?.hostSilence(silentForMs);
  }

  /** The SSH connection under this session closed: the session ends, unless its shell outlives the connection. */
  connectionClosed(error?: Error): void {
    if (this.shell.connectionLost?.(error)) return;
    const detail = error ? ` (${error.message})` : '';
    this.end({ reason: 'host-closed', message: `${this.target.label} closed the connection${detail}.` });
  }

  /**
   * longhaul is stopping: a shell that outlives it is let go of, still running, and the session is not ended (its
   * record stays live in the store, and the next run takes it back). False for a shell that ends with longhaul.
   */
  leaveRunning(): boolean {
    if (this.endedWith || !this.shell.leaveRunning?.()) return false;
    this.sendUnsent();
    return true;
  }

  /**
   * The connection under it went silent without closing: a shell that outlives its connection gets back to its
   * pane over a new one (true); any other keeps waiting for this one (false).
   */
  leaveSilentConnection(): boolean {
    if (this.endedWith) return false;
    return this.shell.connectionLost?.(new Error('the connection went silent')) ?? false;
  }

  /** End the session for good. */
  close(end: SessionEnd = { reason: 'user', message: `The session to ${this.target.label} was closed.` }): void {
    // Asked first, so what it must still send the host goes out before the end may take the connection down.
    this.shellClosing = Promise.resolve(this.shell.close()).catch(() => {});
    this.end(end);
  }

  /** Resolves once the shell has done what closing it asks of the host (at once for a shell on a pty). */
  get whenShellClosed(): Promise<void> {
    return this.shellClosing;
  }

  private produce(chunk: Buffer): void {
    const offset = this.output.end;
    this.output.append(chunk);
    if (this.viewer) {
      if (this.unsent.length === 0) this.unsentOffset = offset;
      this.unsent.push(chunk);
      this.unsentBytes += chunk.byteLength;
      if (this.unsentBytes >= OUTPUT_BATCH_MAX_BYTES) this.sendUnsent();
      else if (!this.sendScheduled) {
        this.sendScheduled = true;
        setImmediate(() => {
          this.sendScheduled = false;
          this.sendUnsent();
        });
      }
    }
    this.updateFlow();
  }

  /** Hand the viewer the output gathered since the last call, as one chunk. */
  private sendUnsent(): void {
    if (this.unsent.length === 0) return;
    const bytes = this.unsent.length === 1 ? this.unsent[0]! : Buffer.concat(this.unsent, this.unsentBytes);
    this.unsent = [];
    this.unsentBytes = 0;
    this.viewer?.output(this.unsentOffset, bytes);
  }

  /** Output not yet handed to a viewer that no longer has it coming: the next one is sent it from the buffer. */
  private dropUnsent(): void {
    this.unsent = [];
    this.unsentBytes = 0;
  }

  private updateFlow(): void {
    const pause = shouldPauseOutput(this.paused, this.output.end - this.acknowledged, this.options.watermarks);
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.shell.stream.pause();
    else this.shell.stream.resume();
  }

  private end(end: SessionEnd): void {
    if (this.endedWith) return;
    // The last output goes before the news of the end.
    this.sendUnsent();
    this.endedWith = end;
    this.viewer?.ended(end.reason, end.message, end.exitCode);
    this.options.onEnd?.(this, end);
  }
}
