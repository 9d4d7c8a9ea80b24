// Median, p95 and maximum over a whole session in fixed memory: samples go into log-spaced buckets (HdrHistogram's idea).

/** Below this, buckets are linear (LINEAR_STEP_MS wide); above, each is BUCKET_RATIO times the one before. */
const LINEAR_LIMIT_MS = 10;
const LINEAR_STEP_MS = 0.1;
const LINEAR_BUCKETS = Math.round(LINEAR_LIMIT_MS / LINEAR_STEP_MS);
/** 1% wide buckets: a reported percentile is within 0.5% of a sample that is really there. */
const BUCKET_RATIO = 1.01;
const LOG_RATIO = Math.log(BUCKET_RATIO);
/** Up to an hour; anything longer shares the last bucket (the maximum is still exact). */
const LIMIT_MS = 3_600_000;
const BUCKETS = LINEAR_BUCKETS + Math.ceil(Math.log(LIMIT_MS / LINEAR_LIMIT_MS) / LOG_RATIO) + 1;

export interface SessionStats {
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

function bucketOf(ms: number): number {
  if (ms < LINEAR_LIMIT_MS) return Math.floor(ms / LINEAR_STEP_MS);
  return Math.min(BUCKETS - 1, LINEAR_BUCKETS + Math.floor(Math.log(ms / LINEAR_LIMIT_MS) / LOG_RATIO));
}

/** The middle of a bucket: arithmetic for the linear ones, geometric for the log ones. */
function valueOf(bucket: number): number {
  if (bucket < LINEAR_BUCKETS) return (bucket + 0.5) * LINEAR_STEP_MS;
  return LINEAR_LIMIT_MS * BUCKET_RATIO ** (bucket - LINEAR_BUCKETS + 0.5);
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private min = Infinity;
  private max = -Infinity;

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.counts[bucketOf(ms)]!++;
    this.total++;
    this.min = Math.min(this.min, ms);
    this.max = Math.max(this.max, ms);
  }

  get count(): number {
    return this.total;
  }

  /**
   * The nearest-rank quantile (the ⌈q·n⌉-th smallest sample), to within a bucket; clamped to the exact
   * minimum and maximum so a single sample reads back as itself.
   */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(q * this.total)));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, valueOf(bucket)));
    }
    return this.max;
  }

  stats(): SessionStats | null {
    if (this.total === 0) return null;
    return { count: this.total, medianMs: this.quantile(0.5)!, p95Ms: this.quantile(0.95)!, maxMs: this.max };
  }
}
