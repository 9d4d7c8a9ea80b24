// ShellSession over a fake channel: input bookkeeping (what is written, what is refused, where the input stream goes on) and how output reaches a tab.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ShellChannel } from '../ssh/sshConnection.js';
import type { SshTarget } from '../ssh/target.js';
import { ShellSession } from './shellSession.js';

/** A channel whose host never reads: everything written stays pending until `hostReads` says otherwise. */
function stalledChannel() {
  const written: string[] = [];
  const stream = Object.assign(new EventEmitter(), {
    stderr: new EventEmitter(),
    writableLength: 0,
    pause() {},
    resume() {},
  });
  const shell = {
    stream,
    write: (data) => {
      written.push(Buffer.from(data).toString());
      stream.writableLength += data.byteLength;
    },
    resize: () => {},
    close: () => {},
  } satisfies ShellChannel;
  return { shell, written, hostReads: () => (stream.writableLength = 0) };
}

const target: SshTarget = { label: 'de1', host: '127.0.0.1', port: 22, user: 'me', identityFiles: [], identitiesOnly: false, proxyJump: [] };
const bytes = (text: string) => Buffer.from(text);

describe('ShellSession input', () => {
  it('refuses a frame past the bound without writing it, yet moves the input stream past it', () => {
    const channel = stalledChannel();
    const session = new ShellSession(target, channel.shell, { maxPendingInputBytes: 8 });
    expect(session.input(0, bytes('12345'))).toEqual({ kind: 'write', bytes: bytes('12345') });
    expect(session.input(5, bytes('678'))).toMatchObject({ kind: 'write' });
    expect(session.pendingInputBytes).toBe(8);

    const refused = session.input(8, bytes('9'));
    expect(refused).toEqual({
      kind: 'refused',
      bytes: 1,
      message: 'The host has not read the last 8 bytes of input yet; these 1 bytes were not sent. Wait for it to catch up, then type or paste again.',
    });
    // Taken (never to be sent again), not written.
    expect(session.inputOffset).toBe(9);
    expect(channel.written).toEqual(['12345', '678']);

    // A repeat of the refused frame is a repeat, not a second chance; the next frame is neither a repeat nor a gap.
    expect(session.input(8, bytes('9'))).toEqual({ kind: 'duplicate' });
    channel.hostReads();
    expect(session.input(9, bytes('ab'))).toMatchObject({ kind: 'write' });
    expect(session.inputOffset).toBe(11);
    expect(channel.written).toEqual(['12345', '678', 'ab']);
    expect(session.input(12, bytes('c'))).toEqual({ kind: 'gap', missing: 1 });
  });

  it('keeps refusing until the host has taken everything, so a paste is cut at one point, not holed', () => {
    const channel = stalledChannel();
    const session = new ShellSession(target, channel.shell, { maxPendingInputBytes: 4 });
    session.input(0, bytes('aaa'));
    expect(session.input(3, bytes('bb')).kind).toBe('refused');
    // 3 + 1 fits the bound, but written after the refused 'bb' it would leave a hole in the paste.
    expect(session.input(5, bytes('c')).kind).toBe('refused');
    channel.hostReads();
    expect(session.input(6, bytes('d')).kind).toBe('write');
    expect(channel.written).toEqual(['aaa', 'd']);
  });
});

describe('ShellSession output', () => {
  /** A viewer that records what reaches it, in order. */
  function recordingViewer() {
    const seen: string[] = [];
    return {
      seen,
      viewer: {
        output: (offset: number, data: Uint8Array) => seen.push(`${offset}:${Buffer.from(data).toString()}`),
        ended: (reason: string) => seen.push(`ended:${reason}`),
        hostRtt: () => {},
        hostSilence: () => {},
        reconnecting: () => {},
        timeline: () => {},
      },
    };
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('hands the viewer what one turn of the event loop brought as one chunk, at its offset', async () => {
    const channel = stalledChannel();
    const session = new ShellSession(target, channel.shell);
    const { seen, viewer } = recordingViewer();
    session.attach(viewer);
    for (const packet of ['ab', 'cd', 'ef']) channel.shell.stream.emit('data', bytes(packet));
    expect(seen).toEqual([]);
    await nextTurn();
    expect(seen).toEqual(['0:abcdef']);
    channel.shell.stream.emit('data', bytes('gh'));
    await nextTurn();
    expect(seen).toEqual(['0:abcdef', '6:gh']);
  });

  it('hands over the last output before the news of the end', () => {
    const channel = stalledChannel();
    const session = new ShellSession(target, channel.shell);
    const { seen, viewer } = recordingViewer();
    session.attach(viewer);
    channel.shell.stream.emit('data', bytes('bye'));
    channel.shell.stream.emit('exit', 0);
    channel.shell.stream.emit('close');
    expect(seen).toEqual(['0:bye', 'ended:exit']);
  });

  it('gives a tab attached meanwhile the gathered output once, from the buffer', async () => {
    const channel = stalledChannel();
    const session = new ShellSession(target, channel.shell);
    const first = recordingViewer();
    session.attach(first.viewer);
    channel.shell.stream.emit('data', bytes('xyz'));
    session.detach(first.viewer);
    const second = recordingViewer();
    const point = session.attachPoint(0);
    // What the buffer held is a replay for the new tab: it must draw it without answering its queries.
    expect(point).toEqual({ offset: 0, replay: false, liveFrom: 3 });
    session.attach(second.viewer, point);
    await nextTurn();
    expect(first.seen).toEqual([]);
    expect(second.seen).toEqual(['0:xyz']);
  });
});
