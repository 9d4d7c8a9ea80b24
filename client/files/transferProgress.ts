// A transfer's progress in words: how much, how fast, how long still to go.

export interface Progress {
  sent: number;
  total: number;
  /** Since the transfer started, in ms. */
  elapsedMs: number;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "3.2 of 16.0 MiB · 1.4 MiB/s · 10 s left" (the rate and time once a second of it has passed). */
export function progressWords({ sent, total, elapsedMs }: Progress): string {
  const amount = `${size(sent)} of ${size(total)}`;
  if (elapsedMs < 1000 || sent === 0) return amount;
  const perSecond = sent / (elapsedMs / 1000);
  const left = Math.max(0, Math.ceil((total - sent) / perSecond));
  return `${amount} · ${size(Math.round(perSecond))}/s · ${left} s left`;
}

/** The share done, 0 to 1 (an empty file is done at once). */
export function shareDone({ sent, total }: Progress): number {
  return total === 0 ? 1 : Math.min(1, sent / total);
}
