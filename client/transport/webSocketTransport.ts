// One tab's WebSocket to the bridge: hello, open, validated messages in, numbered keystrokes out.
import { decodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION, type ClientMessage } from '../../shared/protocol.js';
import { parseServerMessage } from '../../shared/validate.js';
import { bridgeSocketUrl, browserSocket, type SocketFactory, type SocketLike } from './browserSocket.js';
import { InputStream } from './inputStream.js';
import type { TerminalTransport, TransportRequest } from './transport.js';

/** 1000 = normal closure: the tab, not a failure, ended it. */
const NORMAL_CLOSURE = 1000;

export interface WebSocketTransportOptions {
  createSocket?: SocketFactory;
  url?: string;
  warn?: (...args: unknown[]) => void;
}

export class WebSocketTransport implements TerminalTransport {
  private readonly socket: SocketLike;
  private readonly input = new InputStream();
  /** Once ended (the session closed, or we closed), a closing socket is expected and not "lost". */
  private ended = false;
  private readonly warn: (...args: unknown[]) => void;

  constructor(
    private readonly request: TransportRequest,
    options: WebSocketTransportOptions = {},
  ) {
    this.warn = options.warn ?? ((...args) => console.warn(...args));
    const createSocket = options.createSocket ?? browserSocket;
    this.socket = createSocket(options.url ?? bridgeSocketUrl(location), {
      open: () => this.send({ type: 'hello', version: PROTOCOL_VERSION }),
      text: (data) => this.onText(data),
      binary: (data) => this.onBinary(data),
      close: (code, reason) => this.onClose(code, reason),
    });
  }

  private onText(data: string): void {
    if (this.ended) return;
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      this.warn(`longhaul: ignored a message from the bridge (${parsed.error})`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'welcome') {
      const { cols, rows } = this.request.size();
      this.send({ type: 'open', target: this.request.target, cols, rows });
    }
    if (message.type === 'closed') {
      // The bridge keeps the socket open after the session ends; we close it so nothing lingers.
      this.ended = true;
      this.socket.close(NORMAL_CLOSURE, 'session closed');
    }
    this.request.listener.onMessage(message);
  }

  private onBinary(data: Uint8Array): void {
    if (this.ended) return;
    const decoded = decodeFrame(data);
    if (!decoded.ok) {
      this.warn(`longhaul: ignored a frame from the bridge (${decoded.error})`);
      return;
    }
    if (decoded.frame.type !== FrameType.Output) {
      this.warn('longhaul: ignored an input frame from the bridge');
      return;
    }
    this.request.listener.onOutput(decoded.frame.offset, decoded.frame.payload);
  }

  private onClose(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.warn(`longhaul: the WebSocket closed (code ${code}${reason ? `, ${reason}` : ''})`);
    this.request.listener.onLost(reason);
  }

  send(message: ClientMessage): void {
    // Never log messages here: prompt answers carry passwords.
    if (!this.ended && this.socket.isOpen) this.socket.send(JSON.stringify(message));
  }

  sendInput(bytes: Uint8Array): void {
    if (this.ended || !this.socket.isOpen || bytes.byteLength === 0) return;
    for (const frame of this.input.frames(bytes)) this.socket.send(frame);
  }

  close(): void {
    this.send({ type: 'close' });
    this.dispose();
  }

  detach(): void {
    this.send({ type: 'detach' });
    this.dispose();
  }

  dispose(): void {
    this.ended = true;
    this.socket.close(NORMAL_CLOSURE, 'tab closed');
  }
}
