// Predictive echo against real bash, zsh, dash and fish on the test sshd: typing recorded live, replayed over a 250 ms link.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Terminal } from '@xterm/headless';
import { Client, type ClientChannel } from 'ssh2';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import {
  COMBINING_ACUTE,
  EMOJI,
  expectJapaneseSessionHeld,
  expectMarkedSessionHeld,
  expectSessionHeld,
  JAPANESE_COMMITS,
  JAPANESE_TYPED,
  PASTED_TEXT,
  replay,
  RTT_MS,
  serialiseRecording,
  TRACE_COLS as COLS,
  TRACE_ROWS as ROWS,
  type RecordedEvent,
  type Recording,
  type ShellName,
} from '../support/predictiveEcho/traceReplay.js';
import type { Position } from '../../client/predictiveEcho/types.js';

// How this works: each shell runs on the real sshd in a real pty (xterm-256color), and a scripted typist
// sends keys at a human pace, with the pauses a person makes (reading a prompt, thinking mid-line),
// while every output chunk is recorded with its time. Loopback answers in a millisecond or two, so the
// recording is what the host does; replaying it with each chunk arriving 250 ms after the host wrote it is
// what a client sees over a steady 250 ms round trip (125 ms each way keeps the keys' spacing at the host).
// The replay drives the Predictor and a headless xterm with an injected clock, so every check below sees
// the same sequence of events the addon would, deterministically, while the shells are live every run.

const sshd = inject('sshd');

interface ShellSpec {
  readonly name: ShellName;
  readonly binary: string;
  /** Writes the shell's startup files into `dir` and returns the command the pty runs. */
  setUp(dir: string): string;
}

/** A directory the test user's shell may write to (history, fish's universal variables). */
function writableDir(...parts: string[]): string {
  const dir = path.join(...parts);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o777);
  return dir;
}

const SHELLS: readonly ShellSpec[] = [
  {
    name: 'bash',
    binary: '/bin/bash',
    setUp(dir) {
      // Readline with the prompt Debian's default ~/.bashrc draws on xterm-256color: a title, colours.
      const rc = path.join(dir, 'bashrc');
      fs.writeFileSync(
        rc,
        [
          `HISTFILE=${writableDir(dir, 'bash')}/history`,
          'HISTCONTROL=ignoreboth',
          String.raw`PS1='\[\e]0;\u@\h: \w\a\]\[\e[01;32m\]\u@\h\[\e[00m\]:\[\e[01;34m\]\w\[\e[00m\]\$ '`,
          `askpass() { read -s -p 'Password: ' pw; echo; echo "got \${#pw} characters"; }`,
          '',
        ].join('\n'),
      );
      return `exec bash --rcfile ${rc} -i`;
    },
  },
  {
    name: 'zsh',
    binary: '/bin/zsh',
    setUp(dir) {
      // A plain prompt and no framework; Debian's /etc/zsh/zshrc still runs (it turns on keypad mode).
      const zdotdir = path.join(dir, 'zsh');
      fs.mkdirSync(zdotdir);
      fs.writeFileSync(
        path.join(zdotdir, '.zshrc'),
        [
          `HISTFILE=${writableDir(dir, 'zsh-state')}/history`,
          'HISTSIZE=100 SAVEHIST=100',
          `PS1='%n@%m %1~ %# '`,
          `askpass() { read -s 'pw?Password: '; echo; echo "got \${#pw} characters"; }`,
          '',
        ].join('\n'),
      );
      return `exec env ZDOTDIR=${zdotdir} zsh`;
    },
  },
  {
    name: 'dash',
    binary: '/bin/dash',
    setUp(dir) {
      // No line editor: the tty echoes and erases. `read` has no -s, so the password prompt turns echo off.
      const rc = path.join(dir, 'dashrc');
      fs.writeFileSync(
        rc,
        `askpass() { printf 'Password: '; stty -echo; read pw; stty echo; echo; echo "got \${#pw} characters"; }\n`,
      );
      return `exec env ENV=${rc} PS1='$ ' dash`;
    },
  },
  {
    name: 'fish',
    binary: '/usr/bin/fish',
    setUp(dir) {
      // fish as installed: its greeting, prompt, syntax colours and autosuggestions, with some history to
      // suggest from (and none imported from the test user's bash history, which other tests write).
      const config = writableDir(dir, 'fish-config', 'fish');
      const data = writableDir(dir, 'fish-data', 'fish');
      fs.writeFileSync(
        path.join(config, 'config.fish'),
        `function askpass\n    read -s -P 'Password: ' pw\n    echo "got "(string length -- "$pw")" characters"\nend\n`,
      );
      const history = ['echo hello there', 'echo wrong turn', 'git status'];
      const historyFile = path.join(data, 'fish_history');
      fs.writeFileSync(historyFile, history.map((cmd, i) => `- cmd: ${cmd}\n  when: ${1_700_000_000 + i}\n`).join(''));
      fs.chmodSync(historyFile, 0o666);
      return `exec env XDG_CONFIG_HOME=${path.dirname(config)} XDG_DATA_HOME=${path.dirname(data)} fish`;
    },
  },
];

/**
 * The same shells marking their prompts with OSC 133, as shell integration scripts do: bash through PS1,
 * PS0 and PROMPT_COMMAND; fish 3 through its prompt and exec events (fish 4 marks them itself).
 */
const MARKED_SHELLS: readonly ShellSpec[] = [
  {
    name: 'bash',
    binary: '/bin/bash',
    setUp(dir) {
      const command = SHELLS[0]!.setUp(dir);
      const rc = path.join(dir, 'bashrc');
      fs.appendFileSync(
        rc,
        [
          String.raw`PS1='\[\e]133;A\]'"$PS1"'\[\e]133;B\]'`,
          String.raw`PS0='\e]133;C'`,
          String.raw`PROMPT_COMMAND='printf "\e]133;D;%s" "$?"'`,
          '',
        ].join('\n'),
      );
      return command;
    },
  },
  {
    name: 'fish',
    binary: '/usr/bin/fish',
    setUp(dir) {
      const command = SHELLS[3]!.setUp(dir);
      const config = path.join(dir, 'fish-config', 'fish', 'config.fish');
      fs.appendFileSync(
        config,
        [
          'functions -c fish_prompt __longhaul_prompt',
          String.raw`function fish_prompt; printf '\e]133;A'; __longhaul_prompt; printf '\e]133;B'; end`,
          String.raw`function __longhaul_preexec --on-event fish_preexec; printf '\e]133;C'; end`,
          String.raw`function __longhaul_postexec --on-event fish_postexec; printf '\e]133;D;%s' $status; end`,
          '',
        ].join('\n'),
      );
      return command;
    },
  },
];

// ---- recording a live session ----

/** A shell in a pty on the test sshd, and a headless xterm mirroring it so the typist can look at the screen. */
class LiveShell {
  readonly events: RecordedEvent[] = [];
  private readonly mirror = new Terminal({ cols: COLS, rows: ROWS, scrollback: 1_000, allowProposedApi: true });
  private written: Promise<void> = Promise.resolve();
  private readonly startedAt = performance.now();
  private lastOutputAt = 0;
  private failure: Error | undefined;

  private constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
  ) {
    client.on('error', (error) => (this.failure = error));
    channel.setEncoding('utf8');
    channel.on('data', (data: string) => {
      this.lastOutputAt = this.now();
      this.events.push({ at: this.lastOutputAt, kind: 'output', data, secret: false });
      this.written = this.written.then(() => new Promise((resolve) => this.mirror.write(data, resolve)));
    });
  }

  static async open(command: string): Promise<LiveShell> {
    const expectedKey = Buffer.from(sshd.hostPublicKey.split(/\s+/)[1]!, 'base64');
    const client = new Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
      client.connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user,
        privateKey: fs.readFileSync(sshd.userKeyPath),
        hostVerifier: (key: Buffer) => key.equals(expectedKey),
        readyTimeout: 15_000,
      });
    });
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        client.exec(
          command,
          { pty: { term: 'xterm-256color', cols: COLS, rows: ROWS }, env: { LANG: 'C.UTF-8' } },
          (error, channel) => (error ? reject(error) : resolve(channel)),
        );
      });
      return new LiveShell(client, channel);
    } catch (error) {
      client.end();
      throw error;
    }
  }

  /** ms since the session began, to a tenth (the recordings are kept as fixtures; finer says nothing). */
  now(): number {
    return Math.round((performance.now() - this.startedAt) * 10) / 10;
  }

  /** Sends what xterm.js sends for the key: ← and → depend on the cursor-key mode the host has set. */
  send(key: string, secret = false): void {
    const appCursor = this.mirror.modes.applicationCursorKeysMode;
    const data = key === 'left' ? (appCursor ? '\x1bOD' : '\x1b[D') : key === 'right' ? (appCursor ? '\x1bOC' : '\x1b[C') : key;
    this.events.push({ at: this.now(), kind: 'key', data, secret });
    this.channel.write(data);
  }

  /** Pastes `text` as xterm.js does: one onData string, bracketed if the host asked for that. */
  paste(text: string): void {
    const data = this.mirror.modes.bracketedPasteMode ? `\x1b[200~${text}\x1b[201~` : text;
    this.events.push({ at: this.now(), kind: 'key', data, secret: false });
    this.channel.write(data);
  }

  /** Waits until the host has said nothing for `quietMs`, and at least `minMs` have passed. */
  async settle(quietMs: number, minMs = 0): Promise<void> {
    const start = this.now();
    const deadline = start + 15_000;
    while (this.now() - this.lastOutputAt < quietMs || this.now() - start < minMs) {
      if (this.failure) throw this.failure;
      if (this.now() > deadline) throw new Error(`the shell did not go quiet:\n${this.screenText()}`);
      await sleep(10);
    }
    await this.written;
  }

  mark(label: string): void {
    this.events.push({ at: this.now(), kind: 'mark', data: label, secret: false });
  }

  /** The cursor on the mirror (row in the whole buffer), once everything received is drawn. */
  async cursor(): Promise<Position> {
    await this.written;
    const buffer = this.mirror.buffer.active;
    return { x: buffer.cursorX, y: buffer.baseY + buffer.cursorY };
  }

  screenText(): string {
    const buffer = this.mirror.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)!.translateToString(true));
    return lines.join('\n').trimEnd();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.client.once('close', () => resolve()));
    this.client.end();
    await Promise.race([closed, sleep(5_000)]);
    this.mirror.dispose();
  }
}

/** A person typing: 70–200 ms between letters with the odd quick burst, slower on editing keys. */
class Typist {
  private seed: number;

  constructor(
    private readonly shell: LiveShell,
    seed: number,
  ) {
    this.seed = seed;
  }

  /** Deterministic, so every run types the same keys at the same pace (mulberry32). */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private between(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min));
  }

  async text(text: string, secret = false): Promise<void> {
    for (const ch of text) {
      await sleep(this.random() < 0.12 ? this.between(35, 60) : this.between(70, 200));
      this.shell.send(ch, secret);
    }
  }

  async press(key: 'left' | 'right' | '\x7f' | '\x03', count = 1): Promise<void> {
    for (let i = 0; i < count; i++) {
      await sleep(i === 0 ? this.between(160, 300) : this.between(90, 160));
      this.shell.send(key);
    }
  }

  /** A pause mid-line (looking at what was typed): long enough for the invariant to be checked there. */
  async think(label: string): Promise<void> {
    this.shell.mark(label);
    await sleep(1_200);
  }

  /** Enter; then, unless typing ahead, waits to read the answer and the next prompt. */
  async enter({ secret = false, waitForPrompt = true } = {}): Promise<void> {
    await sleep(this.between(200, 400));
    this.shell.send('\r', secret);
    if (waitForPrompt) await this.readPrompt();
  }

  async readPrompt(): Promise<void> {
    await this.shell.settle(600, 800);
    await sleep(this.between(150, 300));
  }

  async paste(text: string): Promise<void> {
    await sleep(this.between(300, 600));
    this.shell.paste(text);
  }

  /** An input method commits `text` at once (one onData string), after the user composed it. */
  async commit(text: string): Promise<void> {
    await sleep(this.between(400, 900));
    this.shell.send(text);
  }

  async line(text: string): Promise<void> {
    await this.text(text);
    await this.enter();
  }
}

const LONG_WORDS = 'the quick brown fox jumps over the lazy dog and then runs far away from the farm';

/** One session: every shell gets the same script at the same pace (the long line's length follows the prompt). */
async function typeSession(shell: LiveShell): Promise<Recording> {
  const t = new Typist(shell, 20240611);
  await shell.settle(800, 1_000); // the greeting and first prompt

  await t.line('echo hello world');

  // ← and → mid-line, a pause with the cursor there, then a typo fixed with Backspace.
  await t.text('echo wrld');
  await t.press('left', 3);
  await t.text('o');
  await t.think('mid-line after ←');
  await t.press('right', 3);
  await t.text(' agaim');
  await t.press('\x7f');
  await t.text('n');
  await t.enter();

  // A line longer than the terminal is wide: it wraps 8 columns onto the next row; Backspace then takes
  // it back across the wrap, and it is typed again.
  const prompt = await shell.cursor();
  let longText = LONG_WORDS.slice(0, COLS - prompt.x + 8 - 'echo '.length);
  if (longText.endsWith(' ')) longText = longText.slice(0, -1) + 'x';
  await t.text(`echo ${longText}`);
  await shell.settle(100); // the typist looks at where the line got to
  const end = await shell.cursor();
  if (end.y !== prompt.y + 1) throw new Error(`the long line did not wrap once:\n${shell.screenText()}`);
  await t.think('the long line wrapped');
  const erased = longText.slice(-(end.x + 3));
  await t.press('\x7f', erased.length);
  await t.think('after Backspace across the wrap');
  await t.text(erased);
  await t.enter();

  // A password prompt: typed after it appeared, then typed ahead of it.
  await t.line('askpass');
  await t.text('hunter2 ok', true);
  await t.think('password typed');
  await t.enter({ secret: true });
  await t.text('askpass');
  await t.enter({ waitForPrompt: false });
  await t.text('s3cr3t7', true);
  await t.enter({ secret: true });

  // A mistyped command: the shell's error, then a new prompt.
  await t.text('ecoh hi');
  await t.enter({ waitForPrompt: false });
  shell.mark('after the mistyped command');
  await t.readPrompt();

  // A paste: one onData string (bracketed where the shell asked for that), not predicted.
  await t.text('echo ');
  await t.paste(PASTED_TEXT);
  await t.think('after the paste');
  await t.enter();

  // A line abandoned with Ctrl-C, a key nobody predicts.
  await t.text('echo never mind');
  await t.press('\x03');
  shell.mark('after Ctrl-C');
  await t.readPrompt();

  await t.line('echo done');
  return { events: shell.events, longText };
}

/**
 * Japanese, emoji and a combining accent, in a UTF-8 locale: typed one character at a time, committed a
 * word at a time as an input method does, erased with Backspace, and wrapped at the right margin in the
 * middle of a wide character. Each line starts with ASCII, as command lines do, so its first echo comes first.
 */
async function typeJapaneseSession(shell: LiveShell): Promise<Recording> {
  const t = new Typist(shell, 20261203);
  await shell.settle(800, 1_000);

  await t.line(`echo ${JAPANESE_TYPED}`);

  await t.text('echo ');
  for (const word of JAPANESE_COMMITS) await t.commit(word);
  await t.think('after the commits');
  await t.enter();

  await t.text('echo hi ');
  await t.commit(EMOJI);
  await t.text(' cafe');
  await t.text(COMBINING_ACUTE);
  await t.think('after the emoji and the accent');
  await t.enter();

  await t.text('echo 東京x');
  await t.press('\x7f', 2);
  await t.think('after Backspace over a wide character');
  await t.text('京都');
  await t.enter();

  // Narrow text up to the last column, then wide characters: the first goes to the next row.
  const prompt = await shell.cursor();
  const fill = 'a'.repeat(COLS - 1 - prompt.x - 'echo '.length);
  await t.text(`echo ${fill}`);
  await t.text('日本');
  await t.think('a wide character wrapped at the margin');
  await t.press('\x7f', 2);
  await t.think('after Backspace back across the wrap');
  await t.text('語');
  await t.enter();

  await t.line('echo done');
  return { events: shell.events, longText: fill };
}

/** The scripted session, then `passwd`'s prompt, typed at after it appeared (sampled after every event). */
async function typeMarkedSession(shell: LiveShell): Promise<Recording> {
  const recording = await typeSession(shell);
  const t = new Typist(shell, 20261204);
  await t.line('passwd');
  await t.text('not my password', true);
  await t.enter({ secret: true, waitForPrompt: false });
  await shell.settle(600, 3_000); // PAM waits about 2 s before it says the password was wrong
  await t.line('echo end');
  return recording;
}

type SessionKind = 'ascii' | 'japanese' | 'marked';

async function record(spec: ShellSpec, dir: string, kind: SessionKind = 'ascii'): Promise<Recording> {
  if (!fs.existsSync(spec.binary)) {
    throw new Error(`${spec.name} is not installed (${spec.binary}); install it with apt-get install -y zsh fish, as .ci/run does`);
  }
  const shell = await LiveShell.open(spec.setUp(writableDir(dir, `${spec.name}-${kind}`)));
  try {
    const recording =
      kind === 'ascii' ? await typeSession(shell) : kind === 'japanese' ? await typeJapaneseSession(shell) : await typeMarkedSession(shell);
    // To look into a failure by hand, or to re-record the fixtures in client/predictiveEcho/traces.
    const traces = process.env['PREDICTIVE_ECHO_SHELL_TRACES'];
    const file = kind === 'ascii' ? `${spec.name}.json` : `${spec.name}-${kind}.json`;
    if (traces) fs.writeFileSync(path.join(traces, file), serialiseRecording(recording));
    return recording;
  } finally {
    await shell.close();
  }
}

// ---- the tests ----

describe(`predictive echo with real shells over a ${RTT_MS} ms round trip`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shells-'));
  const recordings = new Map<ShellName, Promise<Recording>>();
  const summary: string[] = [];

  beforeAll(() => {
    fs.chmodSync(dir, 0o755); // the test user's shells read their startup files here
    // All four at once: typing at a human pace is mostly waiting, and loopback answers in a millisecond.
    for (const spec of SHELLS) {
      const recording = record(spec, dir);
      recording.catch(() => {}); // reported by the shell's own test
      recordings.set(spec.name, recording);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(recordings.values());
    fs.rmSync(dir, { recursive: true, force: true });
    if (summary.length > 0) console.info(`predictive echo at ${RTT_MS} ms, real shells:\n${summary.join('\n')}`);
  });

  it.each(SHELLS.map((spec) => [spec.name, spec] as const))('%s', async (_name, spec) => {
    const recording = await recordings.get(spec.name)!;
    const figures = await replay(recording);
    const share = figures.typed === 0 ? 0 : figures.shownAtOnce / figures.typed;
    summary.push(
      `  ${spec.name.padEnd(5)} ${figures.shownAtOnce}/${figures.typed} keystrokes shown at once (${(share * 100).toFixed(0)} %), ` +
        `${figures.mispredictions} mispredictions, ${figures.corrections.length} visible corrections, ` +
        `${figures.checkpoints} quiet checkpoints, ${figures.secretKeys} password keys, ` +
        `echo ${figures.smoothedEchoMs?.toFixed(0)} ms`,
    );

    expectSessionHeld(spec.name, recording, figures);
  }, 90_000);
});

describe(`predictive echo for Japanese, emoji and combining marks with real shells over a ${RTT_MS} ms round trip`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shells-ja-'));
  const recordings = new Map<ShellName, Promise<Recording>>();
  const summary: string[] = [];
  const shells = SHELLS.filter((spec) => spec.name !== 'dash'); // no line editor: the tty cannot erase a wide character

  beforeAll(() => {
    fs.chmodSync(dir, 0o755);
    for (const spec of shells) {
      const recording = record(spec, dir, 'japanese');
      recording.catch(() => {});
      recordings.set(spec.name, recording);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(recordings.values());
    fs.rmSync(dir, { recursive: true, force: true });
    if (summary.length > 0) console.info(`predictive echo at ${RTT_MS} ms, real shells, Japanese:\n${summary.join('\n')}`);
  });

  it.each(shells.map((spec) => [spec.name, spec] as const))('%s', async (_name, spec) => {
    const recording = await recordings.get(spec.name)!;
    const figures = await replay(recording);
    summary.push(
      `  ${spec.name.padEnd(5)} ${figures.shownAtOnce}/${figures.typed} keystrokes shown at once, ` +
        `${figures.wideShownAtOnce}/${figures.wideTyped} of those with wide or combined characters, ` +
        `${figures.japaneseShownAfterEcho}/${figures.japaneseTypedAfterEcho} Japanese after the line's first echo, ` +
        `${figures.mispredictions} mispredictions, ${figures.corrections.length} visible corrections`,
    );
    expectJapaneseSessionHeld(spec.name, recording, figures);
  }, 90_000);
});

describe(`predictive echo at prompts marked with OSC 133, real shells over a ${RTT_MS} ms round trip`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shells-marked-'));
  const recordings = new Map<ShellName, Promise<Recording>>();
  const summary: string[] = [];

  beforeAll(() => {
    fs.chmodSync(dir, 0o755);
    for (const spec of MARKED_SHELLS) {
      const recording = record(spec, dir, 'marked');
      recording.catch(() => {});
      recordings.set(spec.name, recording);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(recordings.values());
    fs.rmSync(dir, { recursive: true, force: true });
    if (summary.length > 0) console.info(`predictive echo at ${RTT_MS} ms, real shells, marked prompts:\n${summary.join('\n')}`);
  });

  it.each(MARKED_SHELLS.map((spec) => [spec.name, spec] as const))('%s', async (_name, spec) => {
    const recording = await recordings.get(spec.name)!;
    const figures = await replay(recording);
    summary.push(
      `  ${spec.name.padEnd(5)} ${figures.shownAtOnce}/${figures.typed} keystrokes shown at once, ` +
        `${figures.mispredictions} mispredictions, ${figures.secretKeys} password keys, ${figures.secretLeaks.length} drawn`,
    );
    expectMarkedSessionHeld(spec.name, recording, figures);
  }, 90_000);
});
