// Plain TCP connections to a host, and the shape of anything that opens the stream an SSH connection runs over.
import net from 'node:net';
import type { Duplex } from 'node:stream';

/** Opens the stream to a host's resolved address (a TCP socket, or one through a delay proxy). */
export type StreamOpener = (address: string, port: number, timeoutMs: number) => Promise<Duplex>;

/** A plain TCP connection, with Nagle off (keystrokes must not wait) and a connect timeout. */
export function connectTcp(address: string, port: number, timeoutMs = 20_000): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', reject);
  });
}
