import { Terminal as HeadlessTerminal } from '@xterm/headless';
import type { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { HalfDuplexAddon } from './halfDuplexAddon.js';
import { LineEditor } from './lineEditor.js';
import { LineHistory, memoryLineHistory } from './lineHistory.js';
import type { LineDrawer, LineDrawing } from './lineOverlay.js';

const ENTER = '\r';
const BACKSPACE = '\x7f';
const LEFT = '\x1b[D';
const HOME = '\x1b[H';
const END = '\x1b[F';

/** A headless terminal with the addon on it; `sent` collects every input message, `view()` draws terminal and overlay as text. */
async function setUp(options: { on?: boolean; history?: readonly string[] } = {}) {
  const terminal = new HeadlessTerminal({ cols: 30, rows: 5, allowProposedApi: true });
  const storage = memoryLineHistory();
  for (const line of options.history ?? []) await storage.append('de1', line, 100);
  const history = await LineHistory.open(storage, 'de1');
  const editor = new LineEditor({ history });
  const sent: string[] = [];
  let drawing: LineDrawing | null = null;
  let changes = 0;
  const drawer: LineDrawer = { draw: (d) => (drawing = d), dispose: () => {} };
  // No paint here: what waits for one is drawn on the next turn.
  const beforePaint = (draw: () => void) => {
    const timer = setTimeout(draw, 0);
    return () => clearTimeout(timer);
  };
  const addon = new HalfDuplexAddon({ editor, send: (data) => sent.push(data), onChange: () => changes++, createDrawer: () => drawer, beforePaint });
  // The addon only uses what the browser terminal and the headless one share.
  addon.activate(terminal as unknown as Terminal);
  if (options.on ?? true) addon.setOn(true);

  const write = (data: string) => new Promise<void>((resolve) => terminal.write(data, resolve));
  /** Offers each string to the addon as onData would, sending what it does not take (as the terminal view does). */
  const type = (...data: string[]) => {
    for (const d of data) if (!addon.takeTyped(d)) sent.push(d);
  };
  /** The screen as a person sees it: the terminal's rows, the overlay's cells over them, `|` at the cursor drawn. */
  const view = (): string => {
    const buffer = terminal.buffer.active;
    const rows = Array.from({ length: terminal.rows }, (_, y) => [...(buffer.getLine(buffer.viewportY + y)?.translateToString(false) ?? '')]);
    let cursor = { row: buffer.cursorY + buffer.baseY - buffer.viewportY, col: buffer.cursorX };
    const d = drawing as LineDrawing | null;
    if (d) {
      for (const cell of d.layout.cells) rows[d.row + cell.row]![cell.col] = cell.text;
      if (d.layout.cursor) cursor = { row: d.row + d.layout.cursor.row, col: d.layout.cursor.col };
    }
    const lines = rows.map((r) => r.join(''));
    lines[cursor.row] = lines[cursor.row]!.slice(0, cursor.col) + '|' + lines[cursor.row]!.slice(cursor.col);
    return lines.map((l) => l.trimEnd()).join('\n').trimEnd();
  };
  return { terminal, addon, editor, history, sent, write, type, view, drawing: () => drawing as LineDrawing | null, changes: () => changes };
}

describe('HalfDuplexAddon', () => {
  it('takes nothing while off', async () => {
    const t = await setUp({ on: false });
    t.type('ls');
    expect(t.sent).toEqual(['ls']);
    expect(t.drawing()).toBeNull();
  });

  it('sends the first character, draws nothing until the host echoes it, then edits the rest locally and sends it on Enter', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('e', 'cho');
    expect(t.sent).toEqual(['e']);
    expect(t.view()).toBe('$ |'); // not echoed yet: it may be a secret
    await t.write('e');
    expect(t.view()).toBe('$ echo|');
    t.type(' hell', BACKSPACE, 'lo world', LEFT, END);
    expect(t.sent).toEqual(['e']);
    expect(t.view()).toBe('$ echo hello world|');
    expect(t.terminal.buffer.active.getLine(0)?.translateToString(true)).toBe('$ e'); // only the host's echo is in the terminal

    t.type(ENTER);
    expect(t.sent).toEqual(['e', 'cho hello world\r']);
    // Until the echo arrives, the sent line stays (dimmed), so it does not blink away for a round trip.
    expect(t.view()).toBe('$ echo hello world|');
    expect(t.drawing()?.awaitedLength).toBe('cho hello world'.length);

    await t.write('cho hello world\r\nhello world\r\n$ ');
    expect(t.drawing()).toBeNull();
    expect(t.view()).toBe('$ echo hello world\nhello world\n$ |');
    expect(t.history.entries).toEqual(['echo hello world']);
  });

  it('follows scrolling once before the next paint: hidden when the line is scrolled out of view, back after', async () => {
    const t = await setUp();
    await t.write('1\r\n2\r\n3\r\n4\r\n5\r\n$ ');
    t.type('e');
    await t.write('e');
    t.type('cho');
    expect(t.drawing()?.row).toBe(4);
    t.terminal.scrollLines(-1);
    t.terminal.scrollLines(-1);
    expect(t.drawing()?.row).toBe(4); // not yet: scrolling draws before the paint, however often it happens
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.drawing()).toBeNull(); // the prompt's row is below the view
    t.terminal.scrollToBottom();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.view()).toBe('2\n3\n4\n5\n$ echo|');
  });

  it('draws the line over its first character while the host erases it, when ← takes it back', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('l');
    await t.write('l');
    t.type('s', LEFT, LEFT);
    expect(t.sent).toEqual(['l', BACKSPACE]);
    expect(t.view()).toBe('$ |ls');
    await t.write('\b\x1b[K');
    expect(t.view()).toBe('$ |ls');
    t.type(HOME, 'x', ENTER);
    expect(t.sent).toEqual(['l', BACKSPACE, 'xls\r']);
  });

  it('after Backspace over the first character, sends the next one once the host showed the erase', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('x', BACKSPACE, 'l');
    expect(t.sent).toEqual(['x', BACKSPACE]); // where "l" would echo is known only once "x" is gone
    await t.write('x\b \b');
    expect(t.sent).toEqual(['x', BACKSPACE, 'l']);
    expect(t.view()).toBe('$ |');
    await t.write('l');
    t.type('s');
    expect(t.view()).toBe('$ ls|');
  });

  it('once the host echoed, Backspace over the first character leaves the line local and drawn', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('x');
    await t.write('x');
    t.type(BACKSPACE, 'l');
    expect(t.sent).toEqual(['x', BACKSPACE]);
    expect(t.view()).toBe('$ l|'); // drawn over the "x" the host is erasing
    await t.write('\b \b');
    t.type('s', ENTER);
    expect(t.sent).toEqual(['x', BACKSPACE, 'ls\r']);
  });

  it('keeps a line typed faster than the round trip once its echo comes, before the prompt', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('l', 's', ENTER);
    expect(t.sent).toEqual(['l', 's\r']);
    expect(t.history.entries).toEqual([]);
    await t.write('ls\r\nfile\r\n$ ');
    expect(t.history.entries).toEqual(['ls']);

    // Where nothing echoes, the prompt comes back without it, and the line is never kept.
    await t.write('\r\nAPI key: ');
    t.addon.setOn(false);
    t.addon.setOn(true);
    t.type('s', 'ecret', ENTER);
    await t.write('\r\n$ ');
    await t.write('s'); // even if the character showed up there later
    expect(t.history.entries).toEqual(['ls']);
  });

  it('never draws nor keeps a line typed where the host does not echo, whatever the prompt says', async () => {
    for (const prompt of ['API key: ', '', 'Enter your AWS credentials:']) {
      const t = await setUp({ on: false });
      await t.write(prompt);
      t.addon.setOn(true); // line mode right here, at a prompt the word list does not know
      expect(t.addon.status.masked).toBe(false);
      t.type('sk-secret-42');
      expect(t.sent).toEqual(['s']);
      await t.write(''); // output of any kind, but no echo
      expect(t.drawing()).toBeNull();
      t.type(BACKSPACE, 'Z', LEFT);
      expect(t.view()).not.toContain('-secret');
      t.type(ENTER);
      expect(t.sent).toEqual(['s', 'k-secret-4Z\r']);
      expect(t.drawing()).toBeNull(); // not even as the awaited echo
      expect(t.history.entries).toEqual([]);
    }
  });

  it('gives a pager the keys after a line is sent, and takes them back at the shell’s prompt', async () => {
    const t = await setUp();
    await t.write('alice@box:~$ ');
    t.type('s');
    await t.write('s');
    t.type('eq 1 500 | less -X', ENTER);
    await t.write('eq 1 500 | less -X\r\n1\r\n2\r\n:');
    expect(t.addon.status).toMatchObject({ passThrough: true, waitingForPrompt: true });
    t.type(' ', 'q');
    expect(t.sent.slice(-2)).toEqual([' ', 'q']);
    expect(t.drawing()).toBeNull();
    await t.write('\r\nalice@box:~$ ');
    expect(t.addon.status).toMatchObject({ passThrough: false, waitingForPrompt: false });
    t.type('c');
    expect(t.sent.at(-1)).toBe('c');
    await t.write('c');
    t.type('d /tmp', ENTER);
    await t.write('d /tmp\r\nalice@box:/tmp$ ');
    expect(t.addon.status.waitingForPrompt).toBe(false); // the same prompt in another directory
  });

  it('knows a zsh prompt again with its right prompt on the same row', async () => {
    const t = await setUp();
    await t.write('alice@box ~ %                 main\x1b[15G');
    t.type('m');
    await t.write('m');
    t.type('ake', ENTER);
    await t.write('ake\r\nbuilt\r\nalice@box ~ %                 main\x1b[15G');
    expect(t.addon.status.waitingForPrompt).toBe(false);
  });

  it('gives the keys to a program asking a question, or a secret prompt the word list does not know', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('r');
    await t.write('r');
    t.type('ead -s -p "API key: " K', ENTER);
    await t.write('ead -s -p "API key: " K\r\nAPI key: ');
    expect(t.addon.status.waitingForPrompt).toBe(true);
    const before = t.sent.length;
    t.type('s', 'k');
    expect(t.sent.slice(before)).toEqual(['s', 'k']); // straight to the host, which does not echo them
    expect(t.drawing()).toBeNull();
  });

  it('takes a prompt the shell marks (OSC 133) as the prompt', async () => {
    const t = await setUp();
    await t.write('\x1b]133;A\x07> ');
    t.type('m');
    await t.write('m');
    t.type('ake', ENTER);
    await t.write('ake\r\nbuilding\r\n');
    expect(t.addon.status.waitingForPrompt).toBe(true);
    await t.write('\x1b]133;A\x07[main] ');
    expect(t.addon.status.waitingForPrompt).toBe(false);
  });

  it('draws the local cursor where it is in the line', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('g');
    await t.write('g');
    t.type('it status', LEFT, LEFT);
    expect(t.view()).toBe('$ git stat|us');
  });

  it('hands Tab completion to the shell and keeps drawing what it sent until the echo arrives', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('g');
    await t.write('g');
    t.type('it chec');
    t.type('\t');
    expect(t.sent).toEqual(['g', 'it chec\t']);
    expect(t.view()).toBe('$ git chec|');
    await t.write('it checkout ');
    expect(t.view()).toBe('$ git checkout |');
    t.type('main');
    expect(t.view()).toBe('$ git checkout main|');
    t.type(ENTER);
    expect(t.sent).toEqual(['g', 'it chec\t', 'main\r']);
  });

  it('masks the line at a secret prompt: nothing drawn, still sent on Enter, unmasked at the next ordinary prompt', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('s');
    await t.write('s');
    t.type('udo true', ENTER);
    await t.write('udo true\r\n[sudo] password for alice: ');
    expect(t.addon.status.masked).toBe(true);
    t.type('hunter2');
    expect(t.drawing()).toBeNull();
    expect(t.view()).not.toContain('hunter2');
    t.type(ENTER);
    expect(t.sent).toEqual(['s', 'udo true\r', 'hunter2\r']);
    expect(t.drawing()).toBeNull(); // no awaited echo for a secret
    await t.write('\r\n$ ');
    expect(t.addon.status.masked).toBe(false);
    expect(t.view()).not.toContain('hunter2');
  });

  it('lets a full-screen program have the keys, and comes back when it leaves', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('v');
    await t.write('v');
    const changes = t.changes();
    t.type('i', ENTER);
    await t.write('i\r\n');
    await t.write('\x1b[?1049h');
    expect(t.addon.status.passThrough).toBe(true);
    expect(t.changes()).toBe(changes + 1); // told once: the keys went to the host with the line
    t.type('i', 'x', '\x1b', ':q\r');
    expect(t.sent).toEqual(['v', 'i\r', 'i', 'x', '\x1b', ':q\r']);
    expect(t.drawing()).toBeNull();

    await t.write('\x1b[?1049l$ ');
    expect(t.addon.status.passThrough).toBe(false);
    t.type('l');
    await t.write('l');
    t.type('s');
    expect(t.sent).toHaveLength(7);
    expect(t.view()).toBe('$ vi\n$ ls|');
  });

  it('passes the terminal’s replies to queries straight on, even mid-line', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('ls');
    t.type('\x1b[1;3R', '\x1b]11;rgb:1111/1414/1818\x1b\\');
    expect(t.sent).toEqual(['l', '\x1b[1;3R', '\x1b]11;rgb:1111/1414/1818\x1b\\']);
    expect(t.editor.line.text).toBe('s');
  });

  it('hands the local line to the shell when switched off, cursor and all', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('l');
    await t.write('l');
    t.type('s -l', LEFT, LEFT);
    t.addon.setOn(false);
    expect(t.sent).toEqual(['l', 's -l\x1b[D\x1b[D']);
    expect(t.drawing()).toBeNull();
    t.type('a');
    expect(t.sent).toEqual(['l', 's -l\x1b[D\x1b[D', 'a']);
  });

  it('knows the shell holds text typed in character mode, so Backspace on an empty local line edits it', async () => {
    const t = await setUp({ on: false });
    await t.write('$ ');
    t.type('lx');
    t.addon.setOn(true);
    t.type(BACKSPACE);
    expect(t.sent).toEqual(['lx', BACKSPACE]);
    // The line has not shown an echo since the mode came on: its next character goes ahead alone.
    t.type('s', ENTER);
    expect(t.sent).toEqual(['lx', BACKSPACE, 's', '\r']);
  });

  it('walks the host’s history with Up', async () => {
    const t = await setUp({ history: ['uptime', 'df -h'] });
    await t.write('$ ');
    t.type('\x1b[A');
    expect(t.view()).toBe('$ df -h|');
    t.type('\x1b[A');
    expect(t.view()).toBe('$ uptime|');
    expect(t.sent).toEqual([]);
  });

  it('lets go of everything on dispose', async () => {
    const t = await setUp();
    t.addon.dispose();
    t.addon.dispose();
    await t.write('\x1b[?1049h');
    expect(t.addon.status.passThrough).toBe(false);
  });
});
