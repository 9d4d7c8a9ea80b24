import { Terminal } from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { ReplayAwareWriter, splitAtLive } from './replayedOutput.js';

/** The queries a vim start-up leaves in the output: cursor position, device attributes, a colour, a mode. */
const QUERIES = '\x1b[6n\x1b[>c\x1b]10;?\x1b\\\x1b[?12$p';

/** A headless xterm.js behind the writer; `sent` is what would reach the host (onData, as the terminal view filters it). */
function setUp() {
  const terminal = new Terminal({ cols: 40, rows: 5, allowProposedApi: true });
  const writer = new ReplayAwareWriter(terminal);
  const sent: string[] = [];
  terminal.onData((data) => {
    if (!writer.holdsBack(data)) sent.push(data);
  });
  const write = (data: string, replay: boolean) => new Promise<void>((resolve) => writer.write(data, replay, resolve));
  return { terminal, writer, sent, write };
}

describe('ReplayAwareWriter', () => {
  it('answers live queries, as a terminal must', async () => {
    const { sent, write } = setUp();
    await write(`hello${QUERIES}`, false);
    // (The colour query is answered by the browser's renderer, which the headless terminal has not.)
    expect(sent).toEqual(['\x1b[1;6R', '\x1b[>0;276;0c', '\x1b[?12;2$y']);
  });

  it('never answers replayed queries', async () => {
    const { sent, write, terminal } = setUp();
    await write(`hello${QUERIES}`, true);
    expect(sent).toEqual([]);
    expect(terminal.buffer.active.getLine(0)?.translateToString(true)).toBe('hello');
  });

  it('tells replay and live output apart when both are queued at once', async () => {
    const { sent, writer, write } = setUp();
    // As after attaching: the held output and the first live output arrive before xterm.js parses any of it.
    writer.write(`old${QUERIES}`, true);
    writer.write('\x1b[5n', true);
    const live = write('\r\nnew\x1b[6n', false);
    expect(writer.parsingReplay).toBe(true);
    await live;
    expect(sent).toEqual(['\x1b[2;4R']);
    expect(writer.parsingReplay).toBe(false);
  });

  it('lets keys typed while a replay is parsed through', async () => {
    const { terminal, writer, sent } = setUp();
    writer.write(`old${QUERIES}`, true);
    expect(writer.parsingReplay).toBe(true);
    terminal.input('ls\r');
    terminal.input('\x1b[A');
    expect(sent).toEqual(['ls\r', '\x1b[A']);
  });
});

describe('splitAtLive', () => {
  const bytes = new Uint8Array([1, 2, 3, 4]);
  it('keeps output before the live point as replay, and the rest live', () => {
    expect(splitAtLive(10, bytes, 12)).toEqual({ replayed: new Uint8Array([1, 2]), live: new Uint8Array([3, 4]) });
  });
  it('is all replay, or all live, when the live point lies beyond or before it', () => {
    expect(splitAtLive(10, bytes, 20)).toEqual({ replayed: bytes, live: new Uint8Array([]) });
    expect(splitAtLive(10, bytes, 5)).toEqual({ replayed: new Uint8Array([]), live: bytes });
  });
});

describe('ReplayAwareWriter, when the terminal refuses a write', () => {
  it('does not count the refused write as pending', () => {
    const writer = new ReplayAwareWriter({
      write: () => {
        throw new Error('write data discarded, use flow control to avoid losing data');
      },
    });
    expect(() => writer.write('x', true)).toThrow(/discarded/);
    expect(writer.parsingReplay).toBe(false);
  });
});
