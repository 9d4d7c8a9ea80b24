import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameType } from '../../shared/frames.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { FakeClock } from '../../test/support/fakeClock.js';
import { FakeSocket } from '../../test/support/fakeSocket.js';
import { reconnectDelay, ReconnectingTransport, RECONNECT_DELAYS_MS } from './reconnectingTransport.js';

function setup(resume?: { sessionId: string; offset?: number }, checkSignIn?: () => Promise<boolean | undefined>) {
  const sockets: FakeSocket[] = [];
  const events: unknown[] = [];
  const scheduler = new FakeClock();
  const transport = new ReconnectingTransport(
    {
      target: 'de1',
      size: () => ({ cols: 100, rows: 30 }),
      listener: {
        onMessage: (m) => events.push(m.type),
        onOutput: (offset, payload) => events.push(['output', offset, Buffer.from(payload).toString()]),
        onLost: (reason) => events.push(['lost', reason]),
        onReconnecting: (ms, _reason, trouble) => events.push(['reconnecting', ms, trouble]),
        onReconnected: () => events.push('reconnected'),
      },
    },
    {
      url: 'ws://test/ws',
      scheduler,
      createSocket: (url, handlers) => {
        const socket = new FakeSocket(url, handlers);
        sockets.push(socket);
        return socket;
      },
      warn: () => {},
      ...(resume ? { resume } : {}),
      ...(checkSignIn ? { checkSignIn } : {}),
    },
  );
  const socket = () => sockets.at(-1)!;
  const output = (offset: number, text: string) => socket().handlers.binary(encodeFrame(FrameType.Output, offset, Buffer.from(text)));
  const inputFramesSent = (s: FakeSocket) =>
    s.sent.filter((d): d is Uint8Array => typeof d !== 'string').map((d) => {
      const decoded = decodeFrame(d);
      if (!decoded.ok) throw new Error(decoded.error);
      return [decoded.frame.offset, Buffer.from(decoded.frame.payload).toString()];
    });
  return { transport, sockets, socket, events, scheduler, output, inputFramesSent };
}

describe('ReconnectingTransport', () => {
  it('opens a session, then after a drop reattaches where output stopped', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(t.socket().json.at(-1)).toEqual({ type: 'open', target: 'de1', cols: 100, rows: 30 });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.output(0, 'hello ');
    t.socket().handlers.close(1006, '');
    expect(t.transport.state).toBe('waiting');
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[0], 'dropped']);

    t.scheduler.runNext();
    expect(t.transport.state).toBe('connecting');
    expect(t.sockets).toHaveLength(2);
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(t.socket().json.at(-1)).toEqual({ type: 'attach', sessionId: 's-1', offset: 6, cols: 100, rows: 30 });
    t.socket().receive({ type: 'attached', sessionId: 's-1', title: 'de1', offset: 6, replay: false, inputOffset: 0, liveFrom: 6 });
    // Frames at the seam go on as they came (the tab's OutputFlow drops what it already drew)...
    t.output(3, 'lo world');
    t.output(0, 'hello ');
    expect(t.events.filter((e) => Array.isArray(e) && e[0] === 'output')).toEqual([
      ['output', 0, 'hello '],
      ['output', 3, 'lo world'],
      ['output', 0, 'hello '],
    ]);
    expect(t.events).toContain('reconnected');

    // ...and a late repeat does not move back where the next reattach resumes.
    t.socket().handlers.close(1006, '');
    t.scheduler.runNext();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(t.socket().json.at(-1)).toEqual({ type: 'attach', sessionId: 's-1', offset: 11, cols: 100, rows: 30 });
  });

  it('tells a dropped link from a longhaul that cannot be reached (an attempt whose socket never opened)', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.socket().handlers.close(1006, '');
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[0], 'dropped']);
    t.scheduler.runNext();
    t.socket().handlers.close(1006, ''); // refused: it never opened
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[1], 'unreachable']);
    t.scheduler.runNext();
    t.socket().open(); // longhaul answers again, then the link drops once more
    t.socket().handlers.close(1006, '');
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[2], 'dropped']);
  });

  it('tells a browser whose sign-in ended from a longhaul that is away, and keeps trying', async () => {
    let answer: boolean | undefined = false;
    const t = setup(undefined, async () => answer);
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.socket().handlers.close(1006, '');
    t.scheduler.runNext();
    t.socket().handlers.close(1006, ''); // refused: longhaul restarted and no longer knows this browser
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[1], 'unreachable']);
    await Promise.resolve();
    await Promise.resolve();
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[1], 'signed-out']);
    answer = undefined; // now nothing answers at all
    t.scheduler.runNext();
    t.socket().handlers.close(1006, ''); // what was known is said at once, without a moment of "cannot be reached"
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[2], 'signed-out']);
    await Promise.resolve();
    await Promise.resolve();
    expect(t.events.at(-1)).toEqual(['reconnecting', RECONNECT_DELAYS_MS[2], 'unreachable']);
    answer = true;
    t.scheduler.runNext();
    t.socket().open(); // signed in again in another tab of this browser: this one carries on by itself
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'attached', sessionId: 's-1', title: 'de1', offset: 0, replay: false, inputOffset: 0, liveFrom: 0 });
    expect(t.events).toContain('reconnected');
  });

  it('sends again, once, the keystrokes the bridge had not written', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.transport.sendInput(Buffer.from('ls'));
    t.socket().receive({ type: 'input-ack', offset: 2 });
    t.transport.sendInput(Buffer.from(' -la'));
    const first = t.socket();
    first.handlers.close(1006, '');
    t.transport.sendInput(Buffer.from('\r')); // typed while disconnected: kept, not sent
    t.scheduler.runNext();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    // The bridge got " -" of " -la" before the drop.
    t.socket().receive({ type: 'attached', sessionId: 's-1', title: 'de1', offset: 0, replay: false, inputOffset: 4, liveFrom: 0 });
    expect(t.inputFramesSent(first)).toEqual([[0, 'ls'], [2, ' -la']]);
    expect(t.inputFramesSent(t.socket())).toEqual([[4, 'la'], [6, '\r']]);
  });

  it('backs off between attempts, and resets after success', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      t.socket().handlers.close(1006, '');
      waits.push(t.scheduler.runNext());
    }
    expect(waits).toEqual([250, 1000, 2000, 4000, 8000, 8000, 8000]);
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'attached', sessionId: 's-1', title: 'de1', offset: 0, replay: false, inputOffset: 0, liveFrom: 0 });
    t.socket().handlers.close(1006, '');
    expect(t.scheduler.runNext()).toBe(250);
    expect(reconnectDelay(100)).toBe(8000);
  });

  it('names the saved session it opens, so the bridge applies its settings', () => {
    const sockets: FakeSocket[] = [];
    new ReconnectingTransport(
      { target: 'de1', savedSessionId: 'saved-7', size: () => ({ cols: 80, rows: 24 }), listener: { onMessage: () => {}, onOutput: () => {}, onLost: () => {} } },
      { url: 'ws://test/ws', scheduler: new FakeClock(), createSocket: (url, handlers) => (sockets.push(new FakeSocket(url, handlers)), sockets.at(-1)!) },
    );
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(sockets[0]!.json.at(-1)).toEqual({ type: 'open', target: 'de1', cols: 80, rows: 24, savedSessionId: 'saved-7' });
  });

  it('attaches at once when resuming a session, and numbers keystrokes on from what the session already took', () => {
    const t = setup({ sessionId: 's-9', offset: 0 });
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    expect(t.socket().json.at(-1)).toEqual({ type: 'attach', sessionId: 's-9', offset: 0, cols: 100, rows: 30 });
    // The tab that was closed had typed 120 bytes into this session.
    t.socket().receive({ type: 'attached', sessionId: 's-9', title: 'de1', offset: 0, replay: false, inputOffset: 120, liveFrom: 0 });
    t.transport.sendInput(Buffer.from('q'));
    expect(t.inputFramesSent(t.socket())).toEqual([[120, 'q']]);
  });

  it('stops for good when the session ends, and does not reconnect', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.socket().receive({ type: 'closed', reason: 'exit', message: 'bye', exitCode: 0 });
    expect(t.transport.state).toBe('ended');
    t.socket().handlers.close(1000, '');
    expect(t.scheduler.timerCount).toBe(0);
  });

  it('reports a drop before any session existed as lost (opening again could start a second shell)', () => {
    const t = setup();
    t.socket().open();
    t.socket().handlers.close(1006, 'refused');
    expect(t.events.at(-1)).toEqual(['lost', 'refused']);
    expect(t.scheduler.timerCount).toBe(0);
  });

  it('detaches on close of the tab, so the shell keeps running', () => {
    const t = setup();
    t.socket().open();
    t.socket().receive({ type: 'welcome', version: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ready', sessionId: 's-1', title: 'de1' });
    t.transport.detach();
    expect(t.socket().json.at(-1)).toEqual({ type: 'detach' });
    expect(t.transport.state).toBe('ended');
  });
});
