// A silent host's count: the bridge says how long at intervals; the page counts on from the last report each second.

/** What the bridge last said, and when the page heard it. */
export interface SilenceReport {
  silentForMs: number;
  receivedAtMs: number;
}

/** How long the host has been silent at `nowMs`, counting on from the last report. */
export function silentForAt(report: SilenceReport, nowMs: number): number {
  return report.silentForMs + Math.max(0, nowMs - report.receivedAtMs);
}

/** Wait this long to redraw the count just as it reaches its next whole second. */
export function msUntilNextSecond(silentForMs: number): number {
  return 1000 - (Math.max(0, silentForMs) % 1000);
}
