// Small statistics and formatting helpers shared by the benchmarks: medians, percentiles, rates and ratios.

/** The value below which `p` (0..1) of the samples fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const MIB = 1024 * 1024;

export const mibPerSecond = (bytes: number, ms: number): number => bytes / MIB / (ms / 1000);

export const fmtRate = (mibs: number): string => `${mibs.toFixed(mibs < 10 ? 1 : 0)} MiB/s`;

export const fmtMs = (ms: number): string => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

export const fmtMib = (bytes: number): string => `${(bytes / MIB).toFixed(bytes / MIB < 10 ? 2 : 0)} MiB`;

export const ratio = (a: number, b: number): string => (b === 0 || !Number.isFinite(a / b) ? '–' : (a / b).toFixed(2));

/** A Markdown table with padded columns (readable as plain text too). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (cell ?? '').padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** p50/p95/max of a list of latencies, as one table cell. */
export function latencyCell(values: number[]): string {
  if (values.length === 0) return '–';
  return `${fmtMs(percentile(values, 0.5))} / ${fmtMs(percentile(values, 0.95))} / ${fmtMs(Math.max(...values))}`;
}
