import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION, type ServerMessage } from '../../shared/protocol.js';
import { bridgeSocketUrl } from './browserSocket.js';
import { FakeSocket } from './fakeSocket.js';
import { WebSocketTransport } from './webSocketTransport.js';

function setup() {
  let socket!: FakeSocket;
  const events: unknown[] = [];
  const warnings: unknown[] = [];
  const transport = new WebSocketTransport(
    {
      target: 'de1',
      size: () => ({ cols: 120, rows: 40 }),
      listener: {
        onMessage: (m) => events.push(m.type),
        onOutput: (offset, payload) => events.push(['output', offset, [...payload]]),
        onLost: (reason) => events.push(['lost', reason]),
      },
    },
    {
      url: 'ws://127.0.0.1:1/ws',
      createSocket: (url, handlers) => (socket = new FakeSocket(url, handlers)),
      warn: (...args) => warnings.push(args.join(' ')),
    },
  );
  return { transport, socket, events, warnings };
}

describe('WebSocketTransport', () => {
  it('says hello, then opens the target at the current size once welcomed', () => {
    const { socket, events } = setup();
    expect(socket.url).toBe('ws://127.0.0.1:1/ws');
    socket.open();
    expect(socket.json).toEqual([{ type: 'hello', version: PROTOCOL_VERSION }]);
    socket.receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(socket.json[1]).toEqual({ type: 'open', target: 'de1', cols: 120, rows: 40 });
    expect(events).toEqual(['welcome']);
  });

  it('passes on output frames and ignores what does not validate', () => {
    const { socket, events, warnings } = setup();
    socket.open();
    socket.handlers.binary(encodeFrame(FrameType.Output, 7, Uint8Array.of(104, 105)));
    socket.handlers.binary(encodeFrame(FrameType.Input, 0, Uint8Array.of(1)));
    socket.handlers.binary(Uint8Array.of(1, 2));
    socket.receive('{"type":"ready"}');
    socket.receive('not json');
    expect(events).toEqual([['output', 7, [104, 105]]]);
    expect(warnings).toHaveLength(4);
  });

  it('numbers keystrokes across frames', () => {
    const { transport, socket } = setup();
    socket.open();
    transport.sendInput(Uint8Array.of(1, 2, 3));
    transport.sendInput(Uint8Array.of(4));
    const frames = socket.sent.filter((d): d is Uint8Array => typeof d !== 'string').map((d) => decodeFrame(d));
    expect(frames.map((f) => f.ok && f.frame.offset)).toEqual([0, 3]);
  });

  it('drops keystrokes while the socket is not open', () => {
    const { transport, socket } = setup();
    transport.sendInput(Uint8Array.of(1));
    expect(socket.sent).toEqual([]);
  });

  it('closes the socket itself when the session ends, and that is not a lost connection', () => {
    const { socket, events } = setup();
    socket.open();
    socket.receive({ type: 'closed', reason: 'exit', message: 'The shell exited.', exitCode: 0 });
    expect(socket.closed?.code).toBe(1000);
    socket.handlers.close(1000, '');
    expect(events).toEqual(['closed']);
  });

  it('reports a connection that drops while the session runs', () => {
    const { socket, events } = setup();
    socket.open();
    socket.handlers.close(1006, '');
    socket.handlers.close(1006, '');
    expect(events).toEqual([['lost', '']]);
  });

  it('close() tells the bridge, then closes; nothing is reported afterwards', () => {
    const { transport, socket, events } = setup();
    socket.open();
    transport.close();
    expect(socket.json.at(-1)).toEqual({ type: 'close' });
    expect(socket.closed?.code).toBe(1000);
    socket.handlers.close(1000, 'tab closed');
    socket.receive({ type: 'pong', id: 1 });
    expect(events).toEqual([]);
    transport.send({ type: 'ping', id: 2 });
    transport.sendInput(Uint8Array.of(1));
    expect(socket.json.at(-1)).toEqual({ type: 'close' });
  });
});

describe('bridgeSocketUrl', () => {
  it('uses wss on https and the same host', () => {
    expect(bridgeSocketUrl({ protocol: 'https:', host: 'example.test:8443' })).toBe('wss://example.test:8443/ws');
    expect(bridgeSocketUrl({ protocol: 'http:', host: '127.0.0.1:8022' })).toBe('ws://127.0.0.1:8022/ws');
  });
});
