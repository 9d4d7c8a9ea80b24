// --simulate-rtt and a saved session's simulated round trip: reach each host through the same delay proxy the tests use, so a LAN feels like Tokyo ↔ Frankfurt.
import { startDelayProxy } from './delayProxy.js';
import { connectTcp, type StreamOpener } from './tcp.js';

/**
 * Opens connections that cross a private loopback delay proxy adding `rttMs` of round trip (half each way).
 * The proxy lives exactly as long as its one connection.
 */
export function simulatedLinkOpener(rttMs: number): StreamOpener {
  return async (address, port, timeoutMs) => {
    const proxy = await startDelayProxy({ target: { host: address, port }, upMs: rttMs / 2, downMs: rttMs / 2 });
    try {
      const socket = await connectTcp(proxy.host, proxy.port, timeoutMs);
      socket.once('close', () => void proxy.close());
      return socket;
    } catch (error) {
      await proxy.close();
      throw error;
    }
  };
}
