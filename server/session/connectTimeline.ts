// Records when each step of connecting happened, so "why did connecting take 4 seconds?" has an answer.

export interface TimelineStep {
  name: string;
  /** Milliseconds since the page asked to connect. */
  atMs: number;
  detail?: string;
}

/** Bounded: a looping auth exchange cannot grow it without end. */
const MAX_STEPS = 64;

export class ConnectTimeline {
  readonly steps: TimelineStep[] = [];
  private readonly start: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.start = now();
  }

  mark(name: string, detail?: string): void {
    if (this.steps.length >= MAX_STEPS) return;
    const atMs = Math.round((this.now() - this.start) * 10) / 10;
    this.steps.push(detail === undefined ? { name, atMs } : { name, atMs, detail });
  }

  /** One line for the log: `lookup 0.4 ms, tcp-connected 125.9 ms, …`. */
  toString(): string {
    return this.steps.map((s) => `${s.name}${s.detail ? ` (${s.detail})` : ''} ${s.atMs} ms`).join(', ');
  }
}
