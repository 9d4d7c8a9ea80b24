// A tab's latency, all in one place: the three figures, whether the host is silent, and how connecting went.
import { toDisposable, type Disposable } from '../util/disposable.js';
import type { Clock } from '../../shared/clock.js';
import { RollingEstimator, type LatencySample } from './estimator.js';
import { FIGURE_LABELS, FIGURES, gradeOf, type Figure, type Grade } from './figures.js';
import { formatMs } from './format.js';
import type { SessionStats } from './histogram.js';
import { silentForAt, type SilenceReport } from './silence.js';
import type { TimelineStep } from './waterfall.js';

export interface FigureView {
  figure: Figure;
  label: string;
  /** The smoothed current value, or null before the first sample. */
  currentMs: number | null;
  /** What the overlay says for it: "251 ms", "—", "lost" (the last ping went unanswered), "no reply" (a silent host). */
  valueText: string;
  grade: Grade;
  /** The last minute, for the sparkline. */
  samples: readonly LatencySample[];
  /** Median, p95 and maximum over the session. */
  stats: SessionStats | null;
  /** Probes never answered (browser ↔ longhaul only). */
  lost: number;
}

export interface LatencySnapshot {
  atMs: number;
  figures: FigureView[];
  /** How long the host has not answered, counted up to now; null while it answers. */
  silentForMs: number | null;
  timeline: readonly TimelineStep[];
  /** The connection to longhaul is gone: the figures are the last ones measured, not current. */
  stale: boolean;
}

/** What `window.longhaul.latency()` returns: plain numbers for tests and scripts. */
export interface LatencyReport {
  browserMs: number | null;
  hostMs: number | null;
  /** Keystroke → echo, from the predictor; null until it has samples. */
  echoMs: number | null;
  silentForMs: number | null;
  /** Which try to get back to a durable shell after a cut connection is under way; null when none is. */
  reconnecting: number | null;
  timeline: { name: string; atMs: number }[];
  /** True while the connection to longhaul is gone: the figures are from before. */
  stale: boolean;
}

export const EMPTY_LATENCY_REPORT: LatencyReport = Object.freeze({
  browserMs: null,
  hostMs: null,
  echoMs: null,
  silentForMs: null,
  reconnecting: null,
  timeline: [],
  stale: false,
});

export class LatencyModel {
  private estimators = LatencyModel.freshEstimators();
  private silence: SilenceReport | null = null;
  /** The try under way to get back to a durable shell whose SSH connection was cut, or null. */
  private reconnectAttempt: number | null = null;
  private steps: readonly TimelineStep[] = [];
  private stale = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  private static freshEstimators(): Record<Figure, RollingEstimator> {
    return { browser: new RollingEstimator(), host: new RollingEstimator(), echo: new RollingEstimator() };
  }

  /** browser ↔ longhaul: a pong came back after `ms`. */
  recordBrowserRtt(ms: number): void {
    this.estimators.browser.record(ms, this.clock.now());
    this.changed();
  }

  /** browser ↔ longhaul: a ping was never answered. */
  recordBrowserLost(): void {
    this.estimators.browser.recordLost(this.clock.now());
    this.changed();
  }

  /** longhaul ↔ host: an SSH keepalive's round trip, timed on the bridge. An answer also ends a silence. */
  recordHostRtt(ms: number): void {
    this.silence = null;
    this.estimators.host.record(ms, this.clock.now());
    this.changed();
  }

  /**
   * keystroke → echo: from a key to the host's echo of it confirming the prediction. The predictor
   * (client/predictiveEcho) reports here; until it does, the overlay shows "—".
   */
  recordKeystrokeEcho(ms: number): void {
    this.estimators.echo.record(ms, this.clock.now());
    this.changed();
  }

  /** The bridge's `host-silence`: silent for `silentForMs` as of now, or null when the host answers again. */
  hostSilence(silentForMs: number | null): void {
    this.silence = silentForMs === null ? null : { silentForMs, receivedAtMs: this.clock.now() };
    this.changed();
  }

  /** The bridge's `reconnecting`: try `attempt` to get back to the shell is under way, or null once it is back. */
  shellReconnecting(attempt: number | null): void {
    this.reconnectAttempt = attempt;
    // The connection that went silent is gone; the new one's silence, if any, will be reported afresh.
    if (attempt !== null) this.silence = null;
    this.changed();
  }

  /** Which try to get back to the shell is under way, while the bridge reconnects; else null. */
  reconnectingAttempt(): number | null {
    return this.reconnectAttempt;
  }

  /** How connecting went, step by step (the bridge's `timeline`). */
  setTimeline(steps: readonly TimelineStep[]): void {
    this.steps = steps.map((s) => ({ ...s }));
    this.changed();
  }

  /**
   * The connection to longhaul ended (lost, or the session closed): there is no host to be silent any
   * more, so the silence goes; the figures stay for reading, marked stale (nothing measures them now).
   */
  connectionEnded(): void {
    if (this.silence === null && this.reconnectAttempt === null && this.stale) return;
    this.silence = null;
    this.reconnectAttempt = null;
    this.stale = true;
    this.changed();
  }

  /** A new connection (a reconnect): its figures and timeline start afresh. */
  reset(): void {
    this.estimators = LatencyModel.freshEstimators();
    this.silence = null;
    this.reconnectAttempt = null;
    this.steps = [];
    this.stale = false;
    this.changed();
  }

  get isStale(): boolean {
    return this.stale;
  }

  get isHostSilent(): boolean {
    return this.silence !== null;
  }

  silentForMs(): number | null {
    return this.silence === null ? null : silentForAt(this.silence, this.clock.now());
  }

  snapshot(): LatencySnapshot {
    const atMs = this.clock.now();
    const silent = this.silence !== null;
    const figures = FIGURES.map((figure): FigureView => {
      const estimator = this.estimators[figure];
      const currentMs = estimator.current;
      let valueText = formatMs(currentMs);
      let grade = gradeOf(figure, currentMs);
      if (figure === 'browser' && estimator.lastWasLost) {
        valueText = 'lost';
        grade = 'bad';
      } else if (figure === 'host' && silent) {
        valueText = 'no reply';
        grade = 'bad';
      }
      return {
        figure,
        label: FIGURE_LABELS[figure],
        currentMs,
        valueText,
        grade,
        samples: estimator.samples(atMs),
        stats: estimator.stats(),
        lost: estimator.lost,
      };
    });
    return { atMs, figures, silentForMs: this.silentForMs(), timeline: this.steps, stale: this.stale };
  }

  report(): LatencyReport {
    const silentForMs = this.silentForMs();
    return {
      browserMs: this.estimators.browser.current,
      hostMs: this.estimators.host.current,
      echoMs: this.estimators.echo.current,
      silentForMs: silentForMs === null ? null : Math.round(silentForMs),
      reconnecting: this.reconnectAttempt,
      timeline: this.steps.map(({ name, atMs }) => ({ name, atMs })),
      stale: this.stale,
    };
  }

  /** Called after every change. */
  onChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
