// Measures the longhaul ↔ host round trip with SSH keepalives, and notices when the host goes silent (without dropping it).
import { realClock, type Clock } from '../../shared/clock.js';
import { HOST_SILENT_AFTER_MS } from '../../shared/protocol.js';

/** A keepalive every 2 s: cheap (a few dozen bytes) and fine-grained enough for a sparkline. */
export const HOST_PROBE_INTERVAL_MS = 2_000;
/** While the host is silent, the page is told again this often so its count stays right. */
export const HOST_SILENCE_REPORT_MS = 5_000;

export interface HostProbeListener {
  rtt(ms: number): void;
  /** How long the host has not answered, or null when it answers again. */
  silence(silentForMs: number | null): void;
}

/**
 * One keepalive in flight at a time. An answer gives a round-trip sample; a keepalive unanswered for
 * HOST_SILENT_AFTER_MS makes the host "silent", reported until it answers. Nothing here ever closes the
 * connection: links to far hosts come back after minutes.
 */
export class HostProbe {
  private timer: unknown;
  private sentAt: number | undefined;
  private silent = false;
  private disposed = false;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly listener: HostProbeListener,
    private readonly clock: Clock = realClock,
    private readonly intervalMs = HOST_PROBE_INTERVAL_MS,
  ) {}

  start(): void {
    this.send();
  }

  private send(): void {
    if (this.disposed) return;
    const sentAt = this.clock.now();
    this.sentAt = sentAt;
    this.ping().then(
      () => this.answered(sentAt),
      () => {}, // the connection closed; its owner disposes the probe
    );
    this.schedule(HOST_SILENT_AFTER_MS, () => this.checkSilence());
  }

  private answered(sentAt: number): void {
    if (this.disposed || this.sentAt !== sentAt) return;
    this.sentAt = undefined;
    if (this.silent) {
      this.silent = false;
      this.listener.silence(null);
    }
    this.listener.rtt(this.clock.now() - sentAt);
    this.schedule(this.intervalMs, () => this.send());
  }

  private checkSilence(): void {
    if (this.disposed || this.sentAt === undefined) return;
    this.silent = true;
    this.listener.silence(this.clock.now() - this.sentAt);
    this.schedule(HOST_SILENCE_REPORT_MS, () => this.checkSilence());
  }

  private schedule(ms: number, callback: () => void): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      callback();
    }, ms);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }
}
