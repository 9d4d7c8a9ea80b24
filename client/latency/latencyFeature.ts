// The latency tools as a tab feature: pings while connected, the bridge's measurements, the overlay and the silent-host banner.
import type { TabContext, TabEvent, TabFeature, TabMessage } from '../tabFeatures/tabFeature.js';
import { SessionLatency, type LatencyReport } from './sessionLatency.js';

export class LatencyFeature implements TabFeature {
  private readonly tools: SessionLatency;
  readonly automation = { name: 'latency', report: () => this.report() };

  constructor(private readonly tab: TabContext) {
    // A silent host shows on the tab too, so it is seen from other tabs.
    this.tools = new SessionLatency(tab.frame, tab.target, tab.terminal, undefined, () => tab.changed());
  }

  /** The silent-host banner's words while the host is silent, else null. */
  get silenceText(): string | null {
    return this.tools.silenceText;
  }

  /** keystroke → echo, as predictive echo measures it. */
  recordKeystrokeEcho(ms: number): void {
    this.tools.recordKeystrokeEcho(ms);
  }

  report(): LatencyReport {
    return this.tools.report();
  }

  onEvent(event: TabEvent): void {
    switch (event.kind) {
      case 'connected':
        this.tools.connectionOpen((ping) => this.tab.sendMessage(ping));
        return;
      case 'reconnecting':
      case 'ended':
        this.tools.connectionEnded(); // no pings, no silent-host banner
        return;
    }
  }

  onMessage(message: TabMessage): void {
    this.tools.handle(message);
  }

  dispose(): void {
    this.tools.dispose();
  }
}
