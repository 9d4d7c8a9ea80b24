// Bounds on the listening socket: a connection must finish its request headers in time, and only so many stay open.
import type { Server } from 'node:http';

/** A connection that has not sent a whole request head (or finished a TLS handshake) by then is closed. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;
/**
 * A request whose body is still arriving after this long is cut off. Long, as an upload's body (PUT /api/files) is a
 * whole file: 1 GiB at 128 KiB/s takes over two hours. A request without the token is refused once its head is read,
 * which HANDSHAKE_TIMEOUT_MS bounds.
 */
const REQUEST_TIMEOUT_MS = 6 * 60 * 60_000;
/** Open connections at once; each tab holds one WebSocket, so this is far above any real page. */
export const MAX_OPEN_CONNECTIONS = 4096;
/** How often the "too many connections" sentence may be repeated. */
const WARN_EVERY_MS = 60_000;

export interface ConnectionLimits {
  handshakeTimeoutMs: number;
  maxConnections: number;
  /** Where the sentence goes when the cap is hit. */
  warn: (sentence: string) => void;
  now?: () => number;
}

/** Apply the limits to a server that is not listening yet (the checking interval is read when it starts). */
export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.handshakeTimeoutMs;
  server.requestTimeout = Math.max(REQUEST_TIMEOUT_MS, limits.handshakeTimeoutMs);
  // Node looks for overdue connections only this often; a tenth of the bound keeps the bound close.
  // Typed only as a createServer option, but Node reads the property when the server starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(50, Math.min(1000, Math.floor(limits.handshakeTimeoutMs / 10)));
  server.maxConnections = limits.maxConnections;
  const now = limits.now ?? Date.now;
  let lastWarnedAt = -Infinity;
  server.on('drop', () => {
    if (now() - lastWarnedAt < WARN_EVERY_MS) return;
    lastWarnedAt = now();
    limits.warn(
      `longhaul: refused a connection: ${limits.maxConnections} are open, the most it accepts at once. ` +
        'A page or script may be opening connections without closing them; close it, and new connections are accepted again.',
    );
  });
}
