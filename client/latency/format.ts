// How latency reads on screen: "0.4 ms", "251 ms", "1.3 s", and a silent host's "de1: no reply for 12 s".

/** A round trip, or "—" when there is none yet. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 9.95) return `${ms.toFixed(1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

/** An axis tick: "0", "500 ms", "1 s", "1.5 s". */
export function formatTick(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms * 10) / 10} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** Whole seconds that have passed, counting up: "12 s", "3 min 5 s", "1 h 4 min". */
export function formatSilence(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The banner's words while longhaul gets back to a durable shell whose connection was cut. */
export function reconnectingText(target: string, attempt: number): string {
  return attempt > 1 ? `Reconnecting to ${target}… (try ${attempt})` : `Reconnecting to ${target}…`;
}

/** The silent-host banner's words, naming the target as the user typed it. */
export function silenceText(target: string, silentForMs: number): string {
  return `${target}: no reply for ${formatSilence(silentForMs)}`;
}
