import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commandLine, ControlModeParser, MAX_LINE_BYTES, quoteArgument, sendKeysHex, unescapeOutput, type ControlEvent } from './controlMode.js';

/** Transcripts recorded from tmux 3.3a (`tmux -L lhtest -f /dev/null -C new-session …`, commands piped in). */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function parse(chunks: Buffer[]): ControlEvent[] {
  const events: ControlEvent[] = [];
  const parser = new ControlModeParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

/** The same bytes cut at the given points. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((p) => Math.min(bytes.length, p)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of sorted) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

const paneOutput = (events: ControlEvent[], paneId = '%0') =>
  Buffer.concat(events.flatMap((e) => (e.kind === 'output' && e.paneId === paneId ? [e.bytes] : [])));
const replies = (events: ControlEvent[]) => events.flatMap((e) => (e.kind === 'reply' ? [e] : []));

describe('ControlModeParser on recorded transcripts', () => {
  it('unescapes output to the bytes the shell wrote, backslashes, tabs and escape sequences included', () => {
    const events = parse([fixture('escapes-and-exit.txt')]);
    const output = paneOutput(events).toString('utf8');
    expect(output).toContain("printf '\\\\a\\tb\\33[1mx'\r\n");
    expect(output).toContain('\r\\a\tb\x1b[1mx');
    expect(events.at(-1)).toEqual({ kind: 'exit', reason: '' });
    expect(replies(events).every((r) => r.ok && r.lines.length === 0)).toBe(true);
    expect(events.filter((e) => e.kind === 'notification').map((e) => (e as { name: string }).name)).toEqual([
      'window-add',
      'sessions-changed',
      'session-changed',
      'layout-change',
      'sessions-changed',
    ]);
    expect(events.some((e) => e.kind === 'malformed')).toBe(false);
  });

  it('reads %extended-output (pause-after on), raw UTF-8 included, and a failed command as an error reply', () => {
    const events = parse([fixture('pause-after-and-error.txt')]);
    const output = paneOutput(events).toString('utf8');
    expect(output).toContain('echo é€\r\n');
    expect(output).toContain('\x1b[?2004l\ré€\r\n');
    const all = replies(events);
    expect(all.map((r) => r.ok)).toEqual([true, true, true, true, true, false, true, true]);
    expect(all[4]!.lines.map((l) => l.toString())).toEqual([expect.stringMatching(/^%0 \d+$/)]);
    expect(all[5]!.lines.map((l) => l.toString())).toEqual(['parse error: unknown command: bogus-cmd']);
    // The first reply is to new-session on tmux's command line; the rest to the commands this client sent.
    expect(all.map((r) => r.fromClient)).toEqual([false, true, true, true, true, true, true, true]);
  });

  it('gives the same events however the reads are cut (lines and UTF-8 characters split between reads)', () => {
    const whole = fixture('pause-after-and-error.txt');
    const expected = parse([whole]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: whole.length }), { maxLength: 40 }), (points) => {
        expect(parse(cut(whole, points))).toEqual(expected);
      }),
    );
    // One byte at a time, too.
    expect(parse([...whole].map((b) => Buffer.from([b])))).toEqual(expected);
  });

  it('keeps a flood byte-exact and a capture-pane reply line by line', () => {
    const events = parse([fixture('flood-capture-kill.txt')]);
    const output = paneOutput(events).toString('utf8');
    const numbers = Array.from({ length: 3000 }, (_, i) => `${i + 1}\r\n`).join('');
    expect(output).toContain(numbers);
    const all = replies(events);
    expect(all.at(-3)!.lines.map((l) => l.toString())).toEqual(['2975', '2976', '2977', '2978', '2979', '2980']);
    expect(all.at(-2)!.lines[0]!.toString()).toMatch(/^\d+ \d+ \d+ 0 \d+$/);
    expect(events.at(-1)).toEqual({ kind: 'exit', reason: '' });
  });
});

describe('ControlModeParser on what tmux does not send', () => {
  it('puts a UTF-8 character split across two %output lines back together', () => {
    const euro = Buffer.from('€');
    const events = parse([Buffer.concat([Buffer.from('%output %3 a'), euro.subarray(0, 1), Buffer.from('\n%output %3 '), euro.subarray(1), Buffer.from('b\n')])]);
    expect(paneOutput(events, '%3').toString('utf8')).toBe('a€b');
  });

  it('reads %pause, %continue and %exit with a reason', () => {
    expect(parse([Buffer.from('%pause %2\n%continue %2\n%exit too far behind\n')])).toEqual([
      { kind: 'pause', paneId: '%2' },
      { kind: 'continue', paneId: '%2' },
      { kind: 'exit', reason: 'too far behind' },
    ]);
  });

  it('ends a block only at the %end that matches its %begin', () => {
    const events = parse([Buffer.from('%begin 1 5 1\n%end 1 4 1\nline\n%end 1 5 1\n')]);
    expect(replies(events).map((r) => r.lines.map((l) => l.toString()))).toEqual([['%end 1 4 1', 'line']]);
  });

  it('never throws on malformed lines, and says which ones they were', () => {
    const events = parse([Buffer.from('hello\n%output\n%output x y\n%pause nope\n%end 1 2 3\n%\x01\n\n%exit\n')]);
    expect(events.filter((e) => e.kind === 'malformed')).toHaveLength(6);
    expect(events.at(-1)).toEqual({ kind: 'exit', reason: '' });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        parse([Buffer.from(bytes)]);
      }),
    );
  });

  it('drops a line beyond the bound without holding it, and goes on with the next', () => {
    const parser = new ControlModeParser(() => {});
    const events: ControlEvent[] = [];
    const bounded = new ControlModeParser((e) => events.push(e));
    const huge = Buffer.alloc(256 * 1024, 0x41);
    bounded.push(Buffer.from('%output %0 '));
    for (let sent = 0; sent < MAX_LINE_BYTES * 3; sent += huge.length) bounded.push(huge);
    bounded.push(Buffer.from('\n%output %0 ok\n'));
    expect(events.filter((e) => e.kind === 'malformed')).toHaveLength(1);
    expect(paneOutput(events).toString()).toBe('ok');
    parser.push(Buffer.from('%output %0 fine\n'));
  });

  it('unescapes only complete three-digit octal escapes', () => {
    expect(unescapeOutput(Buffer.from('a\\015\\012\\134\\9z\\01')).toString('latin1')).toBe('a\r\n\\\\9z\\01');
  });
});

describe('quoting commands', () => {
  it('leaves plain words bare and single-quotes the rest, as tmux reads them back', () => {
    expect(quoteArgument('%0')).toBe('%0');
    expect(quoteArgument('pause-after=2')).toBe('pause-after=2');
    // Recorded: tmux 3.3a `display -p 'a b;c$HOME'\''q~'` printed exactly a b;c$HOME'q~
    expect(quoteArgument("a b;c$HOME'q~")).toBe(`'a b;c$HOME'\\''q~'`);
    expect(quoteArgument('')).toBe("''");
    expect(commandLine('refresh-client', '-C', '80x24')).toBe('refresh-client -C 80x24\n');
  });

  it('refuses control characters, which would end the command line', () => {
    expect(() => quoteArgument('a\nkill-server')).toThrow(/control characters/);
  });

  it('types any bytes with send-keys -H, in commands of bounded length', () => {
    expect(sendKeysHex('%1', Buffer.from('é\r'))).toEqual(['send-keys -H -t %1 c3 a9 0d\n']);
    const lines = sendKeysHex('%1', Buffer.alloc(1200, 0x61));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.length < 2000 && l.endsWith('\n'))).toBe(true);
  });
});
