// A stand-in for the browser's WebSocket in transport tests: records what is sent, plays what the bridge says.
import type { ServerMessage } from '../../shared/protocol.js';
import type { SocketHandlers, SocketLike } from '../../client/transport/browserSocket.js';

export class FakeSocket implements SocketLike {
  isOpen = false;
  sent: (string | Uint8Array)[] = [];
  closed: { code?: number; reason?: string } | null = null;
  constructor(readonly url: string, readonly handlers: SocketHandlers) {}
  send(data: string | Uint8Array) {
    if (!this.isOpen) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.isOpen = false;
    this.closed = { code, reason };
  }
  open() {
    this.isOpen = true;
    this.handlers.open();
  }
  receive(message: ServerMessage | string) {
    this.handlers.text(typeof message === 'string' ? message : JSON.stringify(message));
  }
  get json(): unknown[] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d));
  }
}
