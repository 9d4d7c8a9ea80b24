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
  const editor = new LineEditor({ history: await LineHistory.open(storage, 'de1') });
  const sent: string[] = [];
  let drawing: LineDrawing | null = null;
  let changes = 0;
  const drawer: LineDrawer = { draw: (d) => (drawing = d), dispose: () => {} };
  const addon = new HalfDuplexAddon({ editor, send: (data) => sent.push(data), onChange: () => changes++, createDrawer: () => drawer });
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
  return { terminal, addon, editor, sent, write, type, view, drawing: () => drawing as LineDrawing | null, changes: () => changes };
}

describe('HalfDuplexAddon', () => {
  it('takes nothing while off', async () => {
    const t = await setUp({ on: false });
    t.type('ls');
    expect(t.sent).toEqual(['ls']);
    expect(t.drawing()).toBeNull();
  });

  it('edits the line locally, draws it at the host cursor, and sends it whole on Enter', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('echo hell', BACKSPACE, 'lo world', HOME, END);
    expect(t.sent).toEqual([]);
    expect(t.view()).toBe('$ echo hello world|');
    expect(t.terminal.buffer.active.getLine(0)?.translateToString(true)).toBe('$ '); // nothing written into the terminal

    t.type(ENTER);
    expect(t.sent).toEqual(['echo hello world\r']);
    // Until the echo arrives, the sent line stays (dimmed), so it does not blink away for a round trip.
    expect(t.view()).toBe('$ echo hello world|');
    expect(t.drawing()?.awaitedLength).toBe('echo hello world'.length);

    await t.write('echo hello world\r\nhello world\r\n$ ');
    expect(t.drawing()).toBeNull();
    expect(t.view()).toBe('$ echo hello world\nhello world\n$ |');
  });

  it('draws the local cursor where it is in the line', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('git status', LEFT, LEFT);
    expect(t.view()).toBe('$ git stat|us');
  });

  it('hands Tab completion to the shell and keeps drawing what it sent until the echo arrives', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('git chec');
    t.type('\t');
    expect(t.sent).toEqual(['git chec\t']);
    expect(t.view()).toBe('$ git chec|');
    await t.write('git checkout ');
    expect(t.view()).toBe('$ git checkout |');
    t.type('main');
    expect(t.view()).toBe('$ git checkout main|');
    t.type(ENTER);
    expect(t.sent).toEqual(['git chec\t', 'main\r']);
  });

  it('masks the line at a secret prompt: nothing drawn, still sent on Enter, unmasked at the next ordinary prompt', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('sudo true', ENTER);
    await t.write('sudo true\r\n[sudo] password for alice: ');
    expect(t.addon.status.masked).toBe(true);
    t.type('hunter2');
    expect(t.drawing()).toBeNull();
    expect(t.view()).not.toContain('hunter2');
    t.type(ENTER);
    expect(t.sent).toEqual(['sudo true\r', 'hunter2\r']);
    expect(t.drawing()).toBeNull(); // no awaited echo for a secret
    await t.write('\r\n$ ');
    expect(t.addon.status.masked).toBe(false);
    expect(t.view()).not.toContain('hunter2');
  });

  it('lets a full-screen program have the keys, and comes back when it leaves', async () => {
    const t = await setUp();
    await t.write('$ ');
    const changes = t.changes();
    await t.write('\x1b[?1049h');
    expect(t.addon.status.passThrough).toBe(true);
    expect(t.changes()).toBe(changes + 1);
    t.type('i', 'x', '\x1b', ':q\r');
    expect(t.sent).toEqual(['i', 'x', '\x1b', ':q\r']);
    expect(t.drawing()).toBeNull();

    await t.write('\x1b[?1049l');
    expect(t.addon.status.passThrough).toBe(false);
    t.type('ls');
    expect(t.sent).toHaveLength(4);
    expect(t.view()).toBe('$ ls|');
  });

  it('passes the terminal’s replies to queries straight on, even mid-line', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('ls');
    t.type('\x1b[1;3R', '\x1b]11;rgb:1111/1414/1818\x1b\\');
    expect(t.sent).toEqual(['\x1b[1;3R', '\x1b]11;rgb:1111/1414/1818\x1b\\']);
    expect(t.editor.line.text).toBe('ls');
  });

  it('hands the local line to the shell when switched off, cursor and all', async () => {
    const t = await setUp();
    await t.write('$ ');
    t.type('ls -l', LEFT, LEFT);
    t.addon.setOn(false);
    expect(t.sent).toEqual(['ls -l\x1b[D\x1b[D']);
    expect(t.drawing()).toBeNull();
    t.type('a');
    expect(t.sent).toEqual(['ls -l\x1b[D\x1b[D', 'a']);
  });

  it('knows the shell holds text typed in character mode, so Backspace on an empty local line edits it', async () => {
    const t = await setUp({ on: false });
    await t.write('$ ');
    t.type('lx');
    t.addon.setOn(true);
    t.type(BACKSPACE);
    expect(t.sent).toEqual(['lx', BACKSPACE]);
    t.type('s', ENTER);
    expect(t.sent).toEqual(['lx', BACKSPACE, 's\r']);
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
