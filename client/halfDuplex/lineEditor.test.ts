import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGraphemeBoundary } from './graphemes.js';
import { applyKey, EMPTY_EDITOR_STATE, LineEditor, type EditorStep } from './lineEditor.js';
import { LineHistory, memoryLineHistory } from './lineHistory.js';

// Keys as xterm.js's onData delivers them.
const ENTER = '\r';
const TAB = '\t';
const BACKSPACE = '\x7f';
const DELETE = '\x1b[3~';
const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const HOME_APP = '\x1bOH';
const END_APP = '\x1bOF';
const CTRL_A = '\x01';
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_E = '\x05';
const CTRL_K = '\x0b';
const CTRL_L = '\x0c';
const CTRL_U = '\x15';
const CTRL_W = '\x17';
const CTRL_Y = '\x19';
const CTRL_Z = '\x1a';
const CTRL_BACKSLASH = '\x1c';
const ALT_B = '\x1bb';
const ALT_F = '\x1bf';
const ALT_D = '\x1bd';
const ALT_BACKSPACE = '\x1b\x7f';
const PASTE = (text: string) => `\x1b[200~${text}\x1b[201~`;

/** The local line as a string with `|` at the cursor: 'echo hel|lo'. */
function screen(editor: LineEditor): string {
  const { text, cursor } = editor.line;
  return text.slice(0, cursor) + '|' + text.slice(cursor);
}

/**
 * Feeds each string to the editor as one onData call; returns every message sent, in order. After a line
 * was entered the shell is taken to be back at its prompt before the next string (the addon tells the
 * editor so when it sees the prompt; see "after Enter" for what happens until then).
 */
function type(editor: LineEditor, ...data: string[]): string[] {
  return data.flatMap((d) => [...editor.resume().send, ...editor.input(d).send]);
}

/** An editor with `text` typed and the cursor moved `left` graphemes from the end. */
function editing(text: string, left = 0): LineEditor {
  const editor = new LineEditor({ awaitEcho: false });
  type(editor, text, ...Array<string>(left).fill(LEFT));
  return editor;
}

/** An editor on `lines` of history; `awaitEcho` as in `LineEditorOptions` (off here, to test the local editing rules alone). */
async function editorWithHistory(lines: string[] = [], host = 'de1', awaitEcho = false) {
  const storage = memoryLineHistory();
  for (const line of lines) await storage.append(host, line, 1000);
  const history = await LineHistory.open(storage, host);
  return { editor: new LineEditor({ history, awaitEcho }), history, storage };
}

describe('typing and Enter', () => {
  it('edits locally and sends nothing until Enter, then the line and CR as one message', () => {
    const editor = new LineEditor({ awaitEcho: false });
    // The end-to-end scenario (there `echo hal`, Backspace, `lo world` would give "halo"; `hell` is meant).
    const whileTyping = type(editor, ...'echo hell', BACKSPACE, ...'lo world', HOME, END);
    expect(whileTyping).toEqual([]);
    expect(screen(editor)).toBe('echo hello world|');
    const step = editor.input(ENTER);
    expect(step.send).toEqual(['echo hello world\r']);
    expect(step.entered).toEqual([{ text: 'echo hello world', masked: false, wholeLine: true, echoed: true }]);
    expect(screen(editor)).toBe('|');
  });

  it('sends the whole line whatever the cursor position', () => {
    const editor = editing('ls -la', 3);
    expect(type(editor, ENTER)).toEqual(['ls -la\r']);
  });

  it('sends a bare CR on an empty line', () => {
    expect(type(new LineEditor({ awaitEcho: false }), ENTER)).toEqual(['\r']);
  });

  it('treats Ctrl-J like Enter', () => {
    expect(type(editing('ls'), '\n')).toEqual(['ls\r']);
  });

  it('inserts at the cursor', () => {
    const editor = editing('echo wrld', 3);
    type(editor, 'o');
    expect(screen(editor)).toBe('echo wo|rld');
  });

  it('sends typed-ahead lines one message each, in order', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(type(editor, 'ls\rpwd\rwho')).toEqual(['ls\r', 'pwd\r']);
    expect(screen(editor)).toBe('who|');
  });
});

describe('editing keys', () => {
  it.each([
    ['Backspace deletes before the cursor', 'abc', 1, [BACKSPACE], 'a|c'],
    ['Ctrl-H is Backspace', 'abc', 1, ['\x08'], 'a|c'],
    ['Backspace at the start does nothing', 'abc', 3, [BACKSPACE], '|abc'],
    ['Delete deletes under the cursor', 'abc', 2, [DELETE], 'a|c'],
    ['Delete at the end does nothing', 'abc', 0, [DELETE], 'abc|'],
    ['Left', 'abc', 0, [LEFT], 'ab|c'],
    ['Left stops at the start', 'ab', 0, [LEFT, LEFT, LEFT], '|ab'],
    ['Right', 'abc', 2, [RIGHT], 'ab|c'],
    ['Right stops at the end', 'ab', 0, [RIGHT], 'ab|'],
    ['Left (application mode)', 'abc', 0, ['\x1bOD'], 'ab|c'],
    ['Right (application mode)', 'abc', 1, ['\x1bOC'], 'abc|'],
    ['Ctrl-B', 'abc', 0, ['\x02'], 'ab|c'],
    ['Ctrl-F', 'abc', 1, ['\x06'], 'abc|'],
    ['Home', 'abc', 0, [HOME], '|abc'],
    ['End', 'abc', 2, [END], 'abc|'],
    ['Home (application mode)', 'abc', 0, [HOME_APP], '|abc'],
    ['End (application mode)', 'abc', 2, [END_APP], 'abc|'],
    ['Home (vt220)', 'abc', 0, ['\x1b[1~'], '|abc'],
    ['End (vt220)', 'abc', 2, ['\x1b[4~'], 'abc|'],
    ['Ctrl-A', 'abc', 0, [CTRL_A], '|abc'],
    ['Ctrl-E', 'abc', 2, [CTRL_E], 'abc|'],
    ['Ctrl-K cuts to the end', 'echo hello world', 6, [CTRL_K], 'echo hello|'],
    ['Ctrl-U cuts to the start', 'echo hello world', 5, [CTRL_U], '|world'],
    ['Ctrl-W cuts back to whitespace', 'git commit -m msg', 0, [CTRL_W], 'git commit -m |'],
    ['Ctrl-W takes punctuation with the word', 'cd /usr/local/bin', 0, [CTRL_W], 'cd |'],
    ['Ctrl-W skips spaces before the cursor', 'ls foo   ', 0, [CTRL_W], 'ls |'],
    ['Alt-Backspace cuts back to a word start', 'cd /usr/local/bin', 0, [ALT_BACKSPACE], 'cd /usr/local/|'],
    ['Alt-D cuts to the end of the next word', 'cd /usr/local', 10, [ALT_D], 'cd |/local'],
    ['Alt-B moves to the start of the word', 'echo hello world', 2, [ALT_B], 'echo hello |world'],
    ['Alt-B skips punctuation first', 'cd /usr/local/', 0, [ALT_B], 'cd /usr/|local/'],
    ['Alt-B twice', 'echo hello world', 0, [ALT_B, ALT_B], 'echo |hello world'],
    ['Alt-B at the start stays', 'echo', 4, [ALT_B], '|echo'],
    ['Alt-F moves to the end of the word', 'echo hello world', 16, [ALT_F], 'echo| hello world'],
    ['Alt-F skips spaces first', 'echo hello world', 11, [ALT_F], 'echo hello| world'],
    ['Alt-F at the end stays', 'echo', 0, [ALT_F], 'echo|'],
    ['Ctrl-Left moves by word', 'echo hello', 0, ['\x1b[1;5D'], 'echo |hello'],
    ['Ctrl-Right moves by word', 'echo hello', 10, ['\x1b[1;5C'], 'echo| hello'],
    ['Ctrl-Y puts back what was cut', 'echo hello world', 0, [CTRL_W, HOME, CTRL_Y], 'world|echo hello '],
    ['words are letters and digits in any script', 'grep Grüße日本 x', 2, [ALT_B], 'grep |Grüße日本 x'],
  ])('%s', (_name, text, left, keys, expected) => {
    const editor = editing(text, left);
    expect(type(editor, ...keys)).toEqual([]);
    expect(screen(editor)).toBe(expected);
  });

  it('ignores keys it has no use for in a line: Esc, function keys, Ctrl-R', () => {
    const editor = editing('abc', 1);
    expect(type(editor, '\x1b', '\x1bOP', '\x1b[15~', '\x12', '\x1b[5~', '\x1b[Z')).toEqual([]);
    expect(screen(editor)).toBe('ab|c');
  });

  it('reports where the cursor is drawn and the width of the line', () => {
    const editor = editing('ls 日本', 1);
    expect(editor.line).toMatchObject({ text: 'ls 日本', cursor: 4, columnsBeforeCursor: 5, columns: 7, masked: false });
  });
});

describe('control keys', () => {
  it('Ctrl-C goes at once and clears the local line', () => {
    const editor = editing('rm -rf build', 4);
    expect(type(editor, CTRL_C)).toEqual(['\x03']);
    expect(screen(editor)).toBe('|');
  });

  it.each([
    ['Ctrl-Z', CTRL_Z],
    ['Ctrl-\\', CTRL_BACKSLASH],
    ['Ctrl-L', CTRL_L],
  ])('%s goes at once and keeps the local line', (_name, key) => {
    const editor = editing('make', 2);
    expect(type(editor, key)).toEqual([key]);
    expect(screen(editor)).toBe('ma|ke');
  });

  it('Ctrl-D on an empty line goes at once (end of input)', () => {
    expect(type(new LineEditor({ awaitEcho: false }), CTRL_D)).toEqual(['\x04']);
  });

  it('Ctrl-D with text in the line deletes forward instead of logging out', () => {
    const editor = editing('exitt', 1);
    expect(type(editor, CTRL_D)).toEqual([]);
    expect(screen(editor)).toBe('exit|');
    expect(type(editor, CTRL_D)).toEqual([]);
    expect(screen(editor)).toBe('exit|');
  });
});

describe('Tab', () => {
  it('sends the line so far and a Tab, and the shell owns that part from then on', () => {
    const editor = editing('cd /us');
    const step = editor.input(TAB);
    expect(step.send).toEqual(['cd /us\t']);
    expect(step.line).toMatchObject({ text: '', cursor: 0, hostHasText: true });
  });

  it('completes at the cursor and keeps the rest of the line local', () => {
    const editor = editing('cp /et /tmp', 5);
    expect(type(editor, TAB)).toEqual(['cp /et\t']);
    expect(screen(editor)).toBe('| /tmp');
    expect(type(editor, ENTER)).toEqual([' /tmp\r']);
  });

  it('continues after the completion: what is typed next is sent on Enter, after what the shell holds', () => {
    const editor = editing('ec');
    type(editor, TAB, ...'hello');
    const step = editor.input(ENTER);
    expect(step.send).toEqual(['hello\r']);
    expect(step.entered).toEqual([{ text: 'hello', masked: false, wholeLine: false, echoed: true }]);
    expect(step.line.hostHasText).toBe(false);
  });

  it('lets the shell edit its part: editing keys on an empty local line go to the host', () => {
    const editor = editing('cd /usr/lo');
    type(editor, TAB);
    const shellKeys = [BACKSPACE, DELETE, LEFT, RIGHT, '\x1bOD', HOME, END, CTRL_A, CTRL_E, CTRL_K, CTRL_U, CTRL_W];
    for (const key of [...shellKeys, ALT_B, ALT_F, ALT_D, ALT_BACKSPACE, UP, DOWN]) {
      expect(type(editor, key)).toEqual([key]);
    }
    expect(screen(editor)).toBe('|');
  });

  it('edits locally again as soon as something is typed', () => {
    const editor = editing('cd /usr/lo');
    type(editor, TAB, 'cal');
    expect(type(editor, BACKSPACE, LEFT, HOME)).toEqual([]);
    expect(screen(editor)).toBe('|ca');
  });

  it('hands the rest of the line to the shell before Up/Down, which then replace the whole line there', () => {
    const editor = editing('git ch');
    type(editor, TAB, 'main');
    expect(type(editor, UP)).toEqual(['main\x1b[A']);
    expect(screen(editor)).toBe('|');
    expect(type(editor, DOWN)).toEqual([DOWN]);
  });

  it('Tab again sends only the new text', () => {
    const editor = editing('cd /us');
    expect(type(editor, TAB, 'r/lo', TAB)).toEqual(['cd /us\t', 'r/lo\t']);
  });

  it('Ctrl-C ends the shell’s line too, so nothing goes to the host afterwards', () => {
    const editor = editing('cd /us');
    type(editor, TAB, CTRL_C);
    expect(type(editor, BACKSPACE)).toEqual([]);
    expect(editor.line.hostHasText).toBe(false);
  });

  it('does not record a completed line in history (only the shell knows it whole)', async () => {
    const { editor, history } = await editorWithHistory();
    type(editor, 'ec', TAB, 'ho hi', ENTER);
    expect(history.entries).toEqual([]);
  });
});

describe('paste', () => {
  it('inserts a bracketed single-line paste at the cursor and sends nothing', () => {
    const editor = editing('echo  done', 5);
    expect(type(editor, PASTE('hello world'))).toEqual([]);
    expect(screen(editor)).toBe('echo hello world| done');
  });

  it('sends a multi-line paste line by line, each as if typed and entered; the last fragment stays', () => {
    const editor = editing('cd ');
    const step = editor.input(PASTE('/tmp\rls -l\rcat notes'));
    expect(step.send).toEqual(['cd /tmp\r', 'ls -l\r']);
    expect(step.entered.map((e) => e.text)).toEqual(['cd /tmp', 'ls -l']);
    expect(screen(editor)).toBe('cat notes|');
  });

  it('enters the last line too when the paste ends with a line break', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(type(editor, PASTE('ls\npwd\n'))).toEqual(['ls\r', 'pwd\r']);
    expect(screen(editor)).toBe('|');
  });

  it('accepts \\r\\n, \\n and \\r line breaks, and keeps empty lines', () => {
    expect(new LineEditor({ awaitEcho: false }).paste('a\r\nb\n\nc\rd').send).toEqual(['a\r', 'b\r', '\r', 'c\r']);
  });

  it('without bracketed paste, xterm sends the text with \\r and it works the same', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(type(editor, 'ls -l\rcat notes')).toEqual(['ls -l\r']);
    expect(screen(editor)).toBe('cat notes|');
  });

  it('offers an explicit paste entry point that inserts at the cursor', () => {
    const editor = editing('grep  file', 5);
    const step = editor.paste('"two words"');
    expect(step.send).toEqual([]);
    expect(screen(editor)).toBe('grep "two words"| file');
  });

  it('keeps Tabs but drops other control characters from a paste (a paste cannot press Ctrl-C or ESC)', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(editor.paste('a\tb\x03c\x1b[31md\x7f').send).toEqual([]);
    expect(editor.line.text).toBe('a\tbc[31md');
    expect(editor.line.columns).toBe(10); // the Tab is drawn as ^I
  });

  it('records a pasted line in history when the host has shown it echoes the line', async () => {
    const { editor, history } = await editorWithHistory();
    editor.paste('make\nmake test\n');
    expect(history.entries).toEqual(['make']);
  });
});

describe('history', () => {
  it('walks back with Up and forward with Down, restoring the line being typed', async () => {
    const { editor } = await editorWithHistory(['ls', 'pwd', 'whoami']);
    type(editor, 'ech');
    type(editor, UP);
    expect(screen(editor)).toBe('whoami|');
    type(editor, UP, UP);
    expect(screen(editor)).toBe('ls|');
    type(editor, UP);
    expect(screen(editor)).toBe('ls|');
    type(editor, DOWN);
    expect(screen(editor)).toBe('pwd|');
    type(editor, DOWN, DOWN);
    expect(screen(editor)).toBe('ech|');
    type(editor, DOWN);
    expect(screen(editor)).toBe('ech|');
  });

  it('sends nothing while walking, and sends the recalled line on Enter', async () => {
    const { editor } = await editorWithHistory(['uptime', 'df -h']);
    expect(type(editor, UP, UP, ' /')).toEqual([]);
    expect(type(editor, ENTER)).toEqual(['uptime /\r']);
  });

  it('supports Ctrl-P and Ctrl-N and the application-mode arrows', async () => {
    const { editor } = await editorWithHistory(['one', 'two']);
    type(editor, '\x10');
    expect(screen(editor)).toBe('two|');
    type(editor, '\x1bOA');
    expect(screen(editor)).toBe('one|');
    type(editor, '\x0e', '\x1bOB');
    expect(screen(editor)).toBe('|');
  });

  it('records entered lines, newest last, skipping consecutive duplicates', async () => {
    const { editor, history } = await editorWithHistory();
    type(editor, 'ls\r', 'ls\r', 'pwd\r', 'ls\r', '\r');
    expect(history.entries).toEqual(['ls', 'pwd', 'ls']);
    type(editor, UP);
    expect(screen(editor)).toBe('ls|');
    type(editor, UP);
    expect(screen(editor)).toBe('pwd|');
  });

  it('starts from a fresh line after Enter', async () => {
    const { editor } = await editorWithHistory(['a', 'b']);
    type(editor, UP, UP, ENTER, UP);
    expect(screen(editor)).toBe('a|');
  });

  it('is kept per host and persists through the storage', async () => {
    const storage = memoryLineHistory();
    const de1 = new LineEditor({ history: await LineHistory.open(storage, 'de1'), awaitEcho: false });
    const us2 = new LineEditor({ history: await LineHistory.open(storage, 'us2'), awaitEcho: false });
    type(de1, 'uptime\r');
    type(us2, 'df -h\r');
    await new Promise((resolve) => setTimeout(resolve, 0));

    const reopened = new LineEditor({ history: await LineHistory.open(storage, 'de1'), awaitEcho: false });
    type(reopened, UP);
    expect(screen(reopened)).toBe('uptime|');
    type(reopened, UP);
    expect(screen(reopened)).toBe('uptime|');
  });

  it('is bounded', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1', { limit: 2 });
    const editor = new LineEditor({ history, awaitEcho: false });
    type(editor, 'a\r', 'b\r', 'c\r', UP, UP, UP);
    expect(screen(editor)).toBe('b|');
  });

  it('without a history, Up and Down do nothing', () => {
    const editor = editing('ls');
    expect(type(editor, UP, DOWN)).toEqual([]);
    expect(screen(editor)).toBe('ls|');
  });
});

describe('secret prompts', () => {
  it('masks the line when the host prompts for a password, and still sends it on Enter', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(editor.observePrompt('[sudo] password for alice: ').masked).toBe(true);
    expect(type(editor, 'hunter2')).toEqual([]);
    expect(editor.line).toMatchObject({ text: 'hunter2', masked: true });
    const step = editor.input(ENTER);
    expect(step.send).toEqual(['hunter2\r']);
    expect(step.entered).toEqual([{ text: 'hunter2', masked: true, wholeLine: true, echoed: false }]);
  });

  it('never records a masked line in history', async () => {
    const { editor, history } = await editorWithHistory(['sudo -v']);
    editor.observePrompt('Password: ');
    type(editor, 'hunter2\r');
    expect(history.entries).toEqual(['sudo -v']);
  });

  it('does not recall history into a password prompt', async () => {
    const { editor } = await editorWithHistory(['ls']);
    editor.observePrompt('Password: ');
    expect(type(editor, UP)).toEqual([]);
    expect(editor.line.text).toBe('');
  });

  it('does not keep a secret for Ctrl-Y', () => {
    const editor = new LineEditor({ awaitEcho: false });
    editor.observePrompt('Enter passphrase for key \'/home/a/.ssh/id_ed25519\': ');
    type(editor, 'secret', CTRL_U, CTRL_C);
    editor.observePrompt('alice@de1:~$ ');
    type(editor, CTRL_Y);
    expect(editor.line.text).toBe('');
  });

  it('stays masked until the line is empty and the host shows an ordinary prompt', () => {
    const editor = new LineEditor({ awaitEcho: false });
    editor.observePrompt('Password: ');
    type(editor, 'hunt');
    // Output arriving mid-secret (or a prompt we misread) never unmasks what is half typed.
    expect(editor.observePrompt('alice@de1:~$ ').masked).toBe(true);
    type(editor, 'er2\r');
    // Typed ahead before the next prompt arrives: still masked, in case it is asked again.
    expect(editor.line.masked).toBe(true);
    expect(editor.observePrompt('Retype new password: ').masked).toBe(true);
    expect(editor.observePrompt('alice@de1:~$ ').masked).toBe(false);
  });

  it('masks a line already being typed when the prompt turns out to be for a secret', () => {
    const editor = editing('abc');
    expect(editor.observePrompt('Verification code: ').masked).toBe(true);
  });

  it('is not fooled by ordinary prompts', () => {
    const editor = new LineEditor({ awaitEcho: false });
    expect(editor.observePrompt('alice@de1:~$ ').masked).toBe(false);
    expect(editor.observePrompt('$ echo password').masked).toBe(false);
  });
});

describe('alternate screen (vim, less, top)', () => {
  it('passes keys straight through and keeps the local line for later', () => {
    const editor = editing('git log', 3);
    editor.setAlternateScreen(true);
    expect(editor.line.passThrough).toBe(true);
    expect(type(editor, ':q', ENTER, UP, CTRL_C, '\x1b', PASTE('x\ny'))).toEqual([':q', '\r', UP, CTRL_C, '\x1b', PASTE('x\ny')]);
    expect(editor.input('').send).toEqual([]);
    editor.setAlternateScreen(false);
    expect(editor.line.passThrough).toBe(false);
    expect(screen(editor)).toBe('git |log');
    expect(type(editor, ENTER)).toEqual(['git log\r']);
  });

  it('sends an explicit paste as xterm would, bracketed only if the host asked for it', () => {
    const editor = new LineEditor({ awaitEcho: false });
    editor.setAlternateScreen(true);
    expect(editor.paste('a\nb\r\nc').send).toEqual(['a\rb\rc']);
    expect(editor.paste('a\nb', true).send).toEqual(['\x1b[200~a\rb\x1b[201~']);
  });
});

describe('switching half-duplex off', () => {
  it('hands over what is in the local line and empties it', () => {
    const editor = editing('tar xzf archive.tgz', 4);
    expect(editor.takeLine()).toEqual({ text: 'tar xzf archive.tgz', cursor: 15, masked: false });
    expect(screen(editor)).toBe('|');
    // The layer typed it into the shell; should half-duplex come back, the shell holds that text.
    expect(editor.line.hostHasText).toBe(true);
  });

  it('says whether the taken line is a secret', () => {
    const editor = new LineEditor({ awaitEcho: false });
    editor.observePrompt('Password: ');
    type(editor, 'pw');
    expect(editor.takeLine()).toEqual({ text: 'pw', cursor: 2, masked: true });
  });

  it('can be told that the host already holds text, e.g. when switched on mid-line', () => {
    const editor = new LineEditor({ awaitEcho: false });
    editor.setHostHasText(true);
    expect(type(editor, BACKSPACE)).toEqual([BACKSPACE]);
  });
});

describe('unicode', () => {
  const family = '👨\u200d👩\u200d👧';

  it('moves over a surrogate pair as one character', () => {
    const editor = editing('a😀b', 1);
    expect(screen(editor)).toBe('a😀|b');
    type(editor, LEFT);
    expect(screen(editor)).toBe('a|😀b');
  });

  it('deletes a whole emoji, flag, ZWJ sequence or accented letter with one Backspace or Delete', () => {
    for (const char of ['😀', '🇯🇵', family, 'e\u0301', '한']) {
      const editor = editing(`x${char}y`, 1);
      type(editor, BACKSPACE);
      expect(screen(editor)).toBe('x|y');
      type(editor, LEFT, DELETE);
      expect(screen(editor)).toBe('|y');
    }
  });

  it('counts wide characters as two columns where the cursor is drawn', () => {
    const editor = editing('日本語ok', 2);
    expect(editor.line.columnsBeforeCursor).toBe(6);
    type(editor, LEFT);
    expect(editor.line.columnsBeforeCursor).toBe(4);
    expect(editor.line.columns).toBe(8);
  });

  it('keeps a combining mark typed after a letter with that letter', () => {
    const editor = editing('e');
    type(editor, '\u0301', LEFT);
    expect(screen(editor)).toBe('|e\u0301');
  });

  it('never leaves the cursor inside a grapheme an insertion creates', () => {
    const editor = editing('🇵', 1); // one regional indicator
    type(editor, '🇯'); // now a flag: 🇯🇵
    expect(editor.line.cursor).toBe(4);
    expect(isGraphemeBoundary(editor.line.text, editor.line.cursor)).toBe(true);
  });

  it('replaces an unpaired surrogate with U+FFFD', () => {
    const editor = new LineEditor({ awaitEcho: false });
    type(editor, 'a\ud83d');
    expect(editor.line.text).toBe('a\ufffd');
  });

  it('sends non-ASCII text unchanged', () => {
    expect(type(editing('echo Grüße 日本 😀'), ENTER)).toEqual(['echo Grüße 日本 😀\r']);
  });
});

describe('applyKey (the pure transition)', () => {
  it('does not change the state it is given', () => {
    const before = { ...EMPTY_EDITOR_STATE, text: 'ab', cursor: 2, echoes: true };
    const frozen = Object.freeze({ ...before });
    const t = applyKey(frozen, { kind: 'edit', action: 'backspace', raw: BACKSPACE });
    expect(frozen).toEqual(before);
    expect(t.state.text).toBe('a');
  });
});

describe('properties', () => {
  /** Keys that edit the line and must never send anything. */
  const editingKey = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
    { weight: 2, arbitrary: fc.constantFrom('😀', 'e', '\u0301', '\u200d', '🇯', '🇵', '日', ' ', '/', '\ud83d', '\ude00') },
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        BACKSPACE, '\x08', DELETE, LEFT, RIGHT, '\x1bOD', '\x1bOC', HOME, END, HOME_APP, END_APP, CTRL_A, CTRL_E,
        '\x02', '\x06', CTRL_K, CTRL_U, CTRL_W, CTRL_Y, ALT_B, ALT_F, ALT_D, ALT_BACKSPACE, '\x1b[1;5D', '\x1b[1;5C',
        UP, DOWN, '\x10', '\x0e', '\x1bOP', '\x1b',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }).map(PASTE) },
  );

  function expectValid(step: EditorStep): void {
    const { text, cursor, columnsBeforeCursor, columns } = step.line;
    expect(cursor).toBeGreaterThanOrEqual(0);
    expect(cursor).toBeLessThanOrEqual(text.length);
    expect(isGraphemeBoundary(text, cursor)).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(columnsBeforeCursor).toBeLessThanOrEqual(columns);
  }

  it('for any sequence of editing keys the line stays valid, nothing is sent, and Enter sends exactly the line + CR', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1');
    for (const line of ['ls -la', 'echo 日本 😀', 'cd /usr/local']) history.add(line);
    fc.assert(
      fc.property(fc.array(editingKey, { maxLength: 40 }), (keys) => {
        const editor = new LineEditor({ history, awaitEcho: false });
        for (const key of keys) {
          const step = editor.input(key);
          expect(step.send).toEqual([]);
          expectValid(step);
        }
        const visible = editor.line.text;
        expect(editor.input(ENTER).send).toEqual([visible + '\r']);
      }),
      { numRuns: 500 },
    );
  });

  it('for any input at all, including Tab, control keys and multi-line pastes, the line stays valid', () => {
    const anyKey = fc.oneof(
      editingKey,
      fc.constantFrom(ENTER, TAB, CTRL_C, CTRL_D, CTRL_Z, CTRL_L, CTRL_BACKSLASH, '\n'),
      fc.string({ maxLength: 8 }).map(PASTE),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(anyKey, { maxLength: 40 }), (keys) => {
        const editor = new LineEditor({ awaitEcho: false });
        for (const key of keys) expectValid(editor.input(key));
      }),
      { numRuns: 500 },
    );
  });

  it('a pasted text with line breaks sends exactly its lines, and keeps the last fragment', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const editor = new LineEditor({ awaitEcho: false });
        const clean = lines.map((l) => l.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, ''));
        expect(editor.paste(lines.join('\n')).send).toEqual(clean.slice(0, -1).map((l) => l + '\r'));
        expect(editor.line.text).toBe(clean.at(-1));
      }),
    );
  });
});

describe('the first character of a line, sent to find out whether the host echoes', () => {
  /** The line as the user sees it once drawn: the host's first character, then the local line, `|` at the cursor. */
  const whole = (editor: LineEditor) => {
    const { probe, text, cursor } = editor.line;
    return probe + text.slice(0, cursor) + '|' + text.slice(cursor);
  };

  it('goes to the host at once; the rest is edited locally and drawn only once the host echoed it', async () => {
    const { editor, history } = await editorWithHistory([], 'de1', true);
    const first = editor.input('e');
    expect(first.send).toEqual(['e']);
    expect(first.probe).toBe('e');
    expect(type(editor, ...'cho hi')).toEqual([]);
    expect(editor.line).toMatchObject({ probe: 'e', text: 'cho hi', awaitingEcho: true });

    editor.confirmEcho();
    expect(editor.line.awaitingEcho).toBe(false);
    expect(whole(editor)).toBe('echo hi|');
    const step = editor.input(ENTER);
    expect(step.send).toEqual(['cho hi\r']);
    expect(step.entered).toEqual([{ text: 'echo hi', masked: false, wholeLine: true, echoed: true }]);
    expect(history.entries).toEqual(['echo hi']);
  });

  it('keeps a line the host never echoed (read -s, any prompt with echo off) undrawn and out of history', async () => {
    const { editor, history } = await editorWithHistory([], 'de1', true);
    expect(type(editor, ...'sk-live-123')).toEqual(['s']);
    expect(editor.line.awaitingEcho).toBe(true);
    const step = editor.input(ENTER);
    expect(step.send).toEqual(['k-live-123\r']);
    expect(step.entered[0]).toMatchObject({ text: 'sk-live-123', echoed: false });
    expect(history.entries).toEqual([]);
  });

  it('in a paste, only the first character goes ahead', () => {
    const editor = new LineEditor();
    const step = editor.paste('git status');
    expect(step.send).toEqual(['g']);
    expect(editor.line.text).toBe('it status');
  });

  it('Backspace at the start of the local line deletes it on the host; the next first character goes the same way', () => {
    const editor = new LineEditor();
    type(editor, 'x');
    expect(type(editor, BACKSPACE)).toEqual([BACKSPACE]);
    expect(editor.line).toMatchObject({ probe: '', text: '' });
    expect(type(editor, 'ls')).toEqual(['l']);
    expect(whole(editor)).toBe('ls|');
  });

  it('once the host echoed, the whole line is local: ←, Home and Ctrl-U take the first character back', () => {
    for (const key of [LEFT, HOME, CTRL_A, CTRL_U, ALT_B, CTRL_W]) {
      const editor = new LineEditor();
      type(editor, 'ls');
      editor.confirmEcho();
      type(editor, LEFT); // the local cursor is now at the start of "s"
      const step = editor.input(key);
      expect(step.send).toEqual([BACKSPACE]); // the host erases its "l" …
      expect(step.erased).toBe('l'); // … which stays drawn where it was until then
      expect(editor.line.probe).toBe('');
      expect(editor.line.awaitingEcho).toBe(false);
      const expected = key === CTRL_U || key === CTRL_W ? '|s' : '|ls';
      expect(whole(editor)).toBe(expected);
      // From then on the line is edited locally and goes whole on Enter.
      expect(type(editor, END, 'x', ENTER)).toEqual([`${expected.replace('|', '')}x\r`]);
    }
  });

  it('before the echo, ← and Home stay in the local line (nothing is drawn yet, so there is no cursor to see)', () => {
    const editor = new LineEditor();
    type(editor, 'ls');
    expect(type(editor, LEFT, LEFT, HOME)).toEqual([]);
    expect(editor.line).toMatchObject({ probe: 'l', text: 's', cursor: 0 });
  });

  it('← away from the start and → do not touch the host', () => {
    const editor = new LineEditor();
    type(editor, 'abc');
    editor.confirmEcho();
    expect(type(editor, LEFT, RIGHT, ALT_F)).toEqual([]);
  });

  it('↑ takes the first character back and walks longhaul’s history; a recalled line is drawn before any echo', async () => {
    const { editor } = await editorWithHistory(['ls -l', 'uptime'], 'de1', true);
    type(editor, 'p');
    const step = editor.input(UP);
    expect(step.send).toEqual([BACKSPACE]);
    expect(editor.line).toMatchObject({ probe: '', text: 'uptime', awaitingEcho: false });
    // Back at what was typed, which has not shown an echo yet: its first character goes ahead again.
    expect(type(editor, DOWN)).toEqual(['p']);
    expect(editor.line).toMatchObject({ probe: 'p', text: '', awaitingEcho: true });

    // Editing a recalled line sends its first character, and the line waits for that echo again.
    type(editor, UP, UP);
    expect(editor.line.text).toBe('ls -l');
    expect(type(editor, 'a')).toEqual(['l']);
    expect(editor.line).toMatchObject({ probe: 'l', text: 's -la', awaitingEcho: true });
  });

  it('sends a recalled line unchanged on Enter, and keeps it in history', async () => {
    const { editor, history } = await editorWithHistory(['ls -l'], 'de1', true);
    type(editor, UP);
    expect(type(editor, ENTER)).toEqual(['ls -l\r']);
    expect(history.entries).toEqual(['ls -l']);
  });

  it('Tab sends the rest before the cursor; the shell completes after the first character', () => {
    const editor = new LineEditor();
    type(editor, 'cd /us');
    expect(type(editor, TAB)).toEqual(['d /us\t']);
    expect(editor.line).toMatchObject({ probe: '', hostHasText: true });
  });

  it('does not go ahead at a prompt for a secret: nothing is drawn and the line goes whole on Enter', async () => {
    const { editor, history } = await editorWithHistory([], 'de1', true);
    editor.observePrompt('[sudo] password for alice: ');
    expect(type(editor, 'hunter2')).toEqual([]);
    expect(type(editor, ENTER)).toEqual(['hunter2\r']);
    expect(history.entries).toEqual([]);
  });

  it('Ctrl-C ends the line, echoed or not: the next line waits for its own echo', () => {
    const editor = new LineEditor();
    type(editor, 'ab');
    editor.confirmEcho();
    expect(type(editor, CTRL_C)).toEqual([CTRL_C]);
    expect(type(editor, 'c')).toEqual(['c']);
    expect(editor.line.awaitingEcho).toBe(true);
  });
});

describe('after Enter', () => {
  it('gives the keys to the host until the shell is back at a prompt (a pager’s Space and q)', () => {
    const editor = new LineEditor();
    editor.input('l');
    editor.confirmEcho();
    editor.input('ess -X f\r');
    expect(editor.waitingForPrompt).toBe(true);
    expect(editor.line.passThrough).toBe(true);
    expect(editor.input(' ').send).toEqual([' ']);
    expect(editor.input('q').send).toEqual(['q']);
    expect(editor.line.text).toBe('');

    expect(editor.resume().send).toEqual([]);
    expect(editor.line.passThrough).toBe(false);
    expect(editor.input('x').send).toEqual(['x']); // a new line: its first character goes ahead again
  });

  it('the rest of a multi-line paste waits for the prompt, then its first character goes', () => {
    const editor = new LineEditor();
    expect(editor.paste('sleep 1\necho done').send).toEqual(['sleep 1\r']);
    expect(editor.line).toMatchObject({ passThrough: true, text: 'echo done' });
    const step = editor.resume();
    expect(step.send).toEqual(['e']);
    expect(step.probe).toBe('e');
    expect(editor.line).toMatchObject({ passThrough: false, probe: 'e', text: 'cho done' });
  });
});
