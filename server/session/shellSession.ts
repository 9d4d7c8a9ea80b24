// A live shell on a host: numbered output, flow control against the page's acknowledgements, input written exactly once.
import { randomUUID } from 'node:crypto';
import type { ClosedReason } from '../../shared/protocol.js';
import type { ShellChannel, SshConnection } from '../ssh/sshConnection.js';
import type { SshTarget } from '../ssh/target.js';
import { admitInput, shouldPauseOutput, type InputVerdict, type Watermarks } from './flowControl.js';

/** Where a session's output and end go: the tab attached to it. */
export interface SessionViewer {
  output(offset: number, bytes: Uint8Array): void;
  ended(reason: ClosedReason, message: string, exitCode?: number): void;
  /** The longhaul ↔ host round trip just measured. */
  hostRtt(ms: number): void;
  /** The host has not answered for this long; null when it answers again. */
  hostSilence(silentForMs: number | null): void;
}

export class ShellSession {
  readonly id = randomUUID();
  /** Bytes of output produced so far; the offset of the next byte. */
  private produced = 0;
  private acknowledged = 0;
  private inputWritten = 0;
  private paused = false;
  private viewer: SessionViewer | undefined;
  private endedWith: { reason: ClosedReason; message: string; exitCode?: number } | undefined;
  private exitCode: number | undefined;
  private exitSignal: string | undefined;
  private silentForMs: number | null = null;

  constructor(
    readonly target: SshTarget,
    private readonly connection: SshConnection,
    private readonly shell: ShellChannel,
    private readonly watermarks?: Watermarks,
    private readonly onEnd?: () => void,
  ) {
    const stream = shell.stream;
    const onData = (chunk: Buffer) => this.produce(chunk);
    stream.on('data', onData);
    stream.stderr.on('data', onData);
    stream.on('exit', (code: number | null, signal?: string) => {
      if (typeof code === 'number') this.exitCode = code;
      if (signal) this.exitSignal = signal;
    });
    stream.on('close', () => {
      if (this.exitCode !== undefined || this.exitSignal !== undefined) {
        const how = this.exitSignal ? `was killed by signal ${this.exitSignal}` : `exited with code ${this.exitCode}`;
        this.end('exit', `The shell on ${target.label} ${how}.`, this.exitCode);
      } else {
        this.end('host-closed', `${target.label} closed the session.`);
      }
      connection.close();
    });
    connection.onClose((error) => {
      const detail = error ? ` (${error.message})` : '';
      this.end('host-closed', `${target.label} closed the connection${detail}.`);
    });
  }

  get outputOffset(): number {
    return this.produced;
  }

  get isEnded(): boolean {
    return this.endedWith !== undefined;
  }

  attach(viewer: SessionViewer): void {
    this.viewer = viewer;
    if (this.endedWith) viewer.ended(this.endedWith.reason, this.endedWith.message, this.endedWith.exitCode);
    else if (this.silentForMs !== null) viewer.hostSilence(this.silentForMs);
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

  detach(viewer: SessionViewer): void {
    if (this.viewer === viewer) this.viewer = undefined;
  }

  /** The page has drawn everything before `offset`. */
  acknowledge(offset: number): void {
    this.acknowledged = Math.max(this.acknowledged, Math.min(offset, this.produced));
    this.updateFlow();
  }

  /** Write keystrokes that start at input byte `offset`; repeats are dropped. */
  input(offset: number, bytes: Uint8Array): InputVerdict {
    const verdict = admitInput(this.inputWritten, offset, bytes);
    if (verdict.kind === 'write' && !this.endedWith) {
      this.shell.write(verdict.bytes);
      this.inputWritten += verdict.bytes.byteLength;
    }
    return verdict;
  }

  get inputOffset(): number {
    return this.inputWritten;
  }

  resize(cols: number, rows: number): void {
    if (!this.endedWith) this.shell.resize(cols, rows);
  }

  /** End the session for good (the user closed it). */
  close(): void {
    this.end('user', `The session to ${this.target.label} was closed.`);
    this.shell.close();
    this.connection.close();
  }

  private produce(chunk: Buffer): void {
    const offset = this.produced;
    this.produced += chunk.byteLength;
    this.viewer?.output(offset, chunk);
    this.updateFlow();
  }

  private updateFlow(): void {
    const pause = shouldPauseOutput(this.paused, this.produced - this.acknowledged, this.watermarks);
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.shell.stream.pause();
    else this.shell.stream.resume();
  }

  private end(reason: ClosedReason, message: string, exitCode?: number): void {
    if (this.endedWith) return;
    this.endedWith = exitCode === undefined ? { reason, message } : { reason, message, exitCode };
    this.viewer?.ended(reason, message, exitCode);
    this.onEnd?.();
  }
}
