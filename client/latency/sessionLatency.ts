// A tab's latency tools in one object the session holds: the monitor, the overlay and the silent-host banner.
import type { Terminal } from '@xterm/xterm';
import { DisposableStore, type Disposable } from '../util/disposable.js';
import { realClock, type Clock } from '../../shared/clock.js';
import { LatencyMonitor, type LatencyMessage, type SendPing } from './latencyMonitor.js';
import type { LatencyReport } from './latencyModel.js';
import { LatencyOverlay } from './latencyOverlay.js';
import { OVERLAY_PREFERENCE_KEY, OverlayPreference, type PreferenceStorage } from './overlayPreference.js';
import { SilenceBanner } from './silenceBanner.js';
import './latency.css';

export type { LatencyMessage } from './latencyMonitor.js';
export type { LatencyReport } from './latencyModel.js';
export { EMPTY_LATENCY_REPORT } from './latencyModel.js';

let pagePreference: OverlayPreference | null = null;

function pageStorage(): PreferenceStorage {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked for this origin
  }
}

/** The page's one show/hide choice, shared by every tab and kept in step with other windows. */
export function latencyOverlayPreference(): OverlayPreference {
  if (!pagePreference) {
    const preference = new OverlayPreference(pageStorage());
    // Lives as long as the page, like the preference itself.
    window.addEventListener('storage', (event) => {
      if (event.key === OVERLAY_PREFERENCE_KEY || event.key === null) preference.reload();
    });
    pagePreference = preference;
  }
  return pagePreference;
}

/** Alt+Shift+L: show or hide the latency overlay on every tab. */
export function toggleLatencyOverlay(): void {
  latencyOverlayPreference().toggle();
}

export class SessionLatency implements Disposable {
  private readonly monitor: LatencyMonitor;
  private readonly disposables = new DisposableStore();

  /** The silent-host banner's words while the host is silent ("de1: no reply for 12 s"), else null. */
  private silence: string | null = null;

  /** `onSilence` hears each change of the silent-host words, so the tab can say them too. */
  constructor(frame: HTMLElement, target: string, terminal: Terminal, clock: Clock = realClock, onSilence: () => void = () => {}) {
    this.monitor = this.disposables.add(new LatencyMonitor(clock));
    const model = this.monitor.model;
    this.disposables.add(new LatencyOverlay(frame, { model, preference: latencyOverlayPreference(), terminal, target }));
    this.disposables.add(
      new SilenceBanner(frame, target, model, clock, (text) => {
        this.silence = text;
        onSilence();
      }),
    );
  }

  get silenceText(): string | null {
    return this.silence;
  }

  /** The bridge welcomed a connection: start measuring browser ↔ longhaul on it. */
  connectionOpen(send: SendPing): void {
    this.monitor.connectionOpen(send);
  }

  /** `pong`, `host-rtt`, `host-silence` and `timeline` from the bridge. */
  handle(message: LatencyMessage): void {
    this.monitor.handle(message);
  }

  /** The connection to longhaul was lost or the session ended: stop pinging; a silent-host banner goes. */
  connectionEnded(): void {
    this.monitor.connectionEnded();
  }

  /** keystroke → echo, for the predictor (client/predictiveEcho) to report each confirmed echo. */
  recordKeystrokeEcho(ms: number): void {
    this.monitor.recordKeystrokeEcho(ms);
  }

  report(): LatencyReport {
    return this.monitor.model.report();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
