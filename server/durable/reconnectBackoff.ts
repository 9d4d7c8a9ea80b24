// How long a durable shell waits before each try to get back to its pane after the connection went.

/** The first try is at once: most cuts (a proxy reset, a new Wi-Fi) are over by the time it is made. */
export const FIRST_RECONNECT_DELAY_MS = 0;
export const BASE_RECONNECT_DELAY_MS = 500;
/** Never longer between tries than this: a host that comes back is found within it. */
export const MAX_RECONNECT_DELAY_MS = 15_000;

/** The wait before try number `attempt` (0 first): at once, then doubling from half a second up to the cap. */
export function reconnectDelayMs(attempt: number): number {
  if (attempt <= 0) return FIRST_RECONNECT_DELAY_MS;
  return Math.min(MAX_RECONNECT_DELAY_MS, BASE_RECONNECT_DELAY_MS * 2 ** Math.min(attempt - 1, 20));
}
