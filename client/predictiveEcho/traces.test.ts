// Replays the real bash, zsh, dash and fish sessions kept in ./traces through the predictor at 250 ms: the invariants, and screens as text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EMOJI,
  expectJapaneseSessionHeld,
  expectMarkedSessionHeld,
  expectSessionHeld,
  parseRecording,
  replay,
  type Figures,
  type Recording,
  type ShellName,
} from '../../test/support/predictiveEcho/traceReplay.js';

// Recorded by test/integration/predictiveEchoShells.test.ts (see README.md, "Tests", to re-record). The
// screens below are the bottom rows of what the user saw (`drawScreen`: `|` is the cursor), at marks the
// typist left: "paused" the moment it stopped typing (predictions drawn, echoes still on their way),
// "quiet" once the host had answered.

const TRACES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'traces');

function load(shell: ShellName, session: '' | '-japanese' | '-marked' = ''): Recording {
  return parseRecording(fs.readFileSync(path.join(TRACES, `${shell}${session}.json`), 'utf8'));
}

const bottom = (screen: string | undefined, rows: number): string => (screen ?? '(no quiet moment)').split('\n').slice(-rows).join('\n');

function screens(figures: Figures, label: string, rows: number): { paused: string; quiet: string } {
  const marked = figures.screens.get(label);
  if (!marked) throw new Error(`no mark ${JSON.stringify(label)}`);
  return { paused: bottom(marked.paused, rows), quiet: bottom(marked.quiet, rows) };
}

const PROMPTS: Record<ShellName, string> = {
  bash: 'longhaul-test@vm:~$ ',
  zsh: 'longhaul-test@vm ~ % ',
  dash: '$ ',
  fish: 'longhaul-test@vm ~> ',
};

describe.each(['bash', 'zsh', 'dash', 'fish'] as const)('%s, recorded', (shell) => {
  const recording = load(shell);
  const figuresOnce = replay(recording);
  const p = PROMPTS[shell];

  it('holds the invariants: the real screen at quiet moments, nothing at password prompts, few mispredictions', async () => {
    expectSessionHeld(shell, recording, await figuresOnce);
  });

  it('replays the same every time', async () => {
    const again = await replay(recording);
    const first = await figuresOnce;
    expect({ ...again, screens: [...again.screens] }).toEqual({ ...first, screens: [...first.screens] });
  });

  it('predicts ← mid-line and the character typed there', async () => {
    const s = screens(await figuresOnce, 'mid-line after ←', 1);
    if (shell === 'dash') {
      // No line editor: the tty echoes ← as ^[[D, which the first arrow could not know.
      expect(s.quiet).toBe(`${p}echo wrld^[[D^[[D^[[Do|`);
    } else {
      expect(s.paused).toBe(`${p}echo wo|rld`);
      expect(s.quiet).toBe(`${p}echo wo|rld`);
    }
  });

  it('wraps at the right margin, and Backspace takes the line back across the wrap', async () => {
    const figures = await figuresOnce;
    const wrapped = screens(figures, 'the long line wrapped', 2);
    const erased = screens(figures, 'after Backspace across the wrap', 1);
    const line = `${p}echo ${recording.longText}`;
    const [row1, row2] = [line.slice(0, 50), line.slice(50)];
    expect(row2).toHaveLength(8);
    // The typist pressed Backspace once per column it saw on the second row, and three more times.
    const events = recording.events;
    const from = events.findIndex((e) => e.kind === 'mark' && e.data === 'the long line wrapped');
    const to = events.findIndex((e) => e.kind === 'mark' && e.data === 'after Backspace across the wrap');
    const backspaces = events.slice(from, to).filter((e) => e.kind === 'key' && e.data === '\x7f').length;
    expect(backspaces).toBeGreaterThan(row2.length);
    expect(wrapped.paused).toBe(`${row1}\n${row2}|`);
    expect(wrapped.quiet).toBe(`${row1}\n${row2}|`);
    if (shell === 'dash') {
      expect(erased.quiet).toBe('|'); // the tty's erase stops at the start of the row
    } else {
      // Back across the wrap: the line ends on the first row.
      expect(erased.quiet).toBe(`${line.slice(0, line.length - backspaces)}|`);
    }
  });

  it('draws nothing at a password prompt', async () => {
    const s = screens(await figuresOnce, 'password typed', 1);
    // fish draws a ● per character itself; the others show nothing.
    expect(s.paused).toMatch(shell === 'fish' ? /^Password: ●*\|$/ : /^Password: \|$/);
    expect(s.quiet).toBe(shell === 'fish' ? 'Password: ●●●●●●●●●●|' : 'Password: |');
  });

  it("shows a mistyped command's error and the next prompt", async () => {
    const s = screens(await figuresOnce, 'after the mistyped command', 3);
    const error = {
      bash: 'bash: ecoh: command not found',
      zsh: 'zsh: command not found: ecoh',
      dash: 'dash: 6: ecoh: not found',
      fish: 'fish: Unknown command: ecoh',
    }[shell];
    const next = shell === 'fish' ? 'longhaul-test@vm ~ [127]> ' : p; // fish shows the status in its prompt
    expect(s.paused.split('\n').at(-1)).toBe(`${p}ecoh hi|`);
    expect(s.quiet).toBe(`${p}ecoh hi\n${error}\n${next}|`);
  });

  it('does not predict a paste, and shows it once the host echoes it', async () => {
    const s = screens(await figuresOnce, 'after the paste', 1);
    const at = shell === 'fish' ? 'longhaul-test@vm ~ [127]> ' : p;
    // fish suggests from its history meanwhile (the rest cut to the width of the screen, with …).
    expect(s.paused).toBe(shell === 'fish' ? `${at}echo |the quick brown f…` : `${at}echo |`);
    expect(s.quiet).toBe(`${at}echo pasted in one go|`);
  });

  it('abandons the line at Ctrl-C', async () => {
    const s = screens(await figuresOnce, 'after Ctrl-C', 2);
    expect(s.paused.split('\n').at(-1)).toBe(`${p}echo never mind|`);
    // zsh moves on without echoing ^C; the others show it.
    expect(s.quiet).toBe(`${p}echo never mind${shell === 'zsh' ? '' : '^C'}\n${p}|`);
  });
});

describe('zsh, recorded: its redraw', () => {
  it('redraws the previous character with the next (\\b<prev><char>), and the line the user sees stays as typed', async () => {
    const p = PROMPTS.zsh;
    let typed = '';
    const redraws: string[] = [];
    await replay(load('zsh'), {
      watch: ({ event, seen }) => {
        if (event.kind === 'key') {
          if (event.data === '\r' || event.data === '\x03') typed = '';
          else if (event.data === '\x7f') typed = typed.slice(0, -1);
          else if (event.data.startsWith('\x1b[200~')) typed += event.data.slice(6, -6);
          else if (event.data.length === 1 && event.data >= ' ') typed += event.data;
        }
        if (event.kind === 'output' && /^\x08[a-z]{2}$/.test(event.data)) redraws.push(`${seen.split('\n').at(-1)} ← ${typed}`);
      },
    });
    // zsh redraws at the second character of each command line; each time, what the user sees is the prompt
    // and everything typed so far on the line (the characters typed since drawn as predictions).
    expect(redraws.length).toBeGreaterThanOrEqual(5);
    for (const redraw of redraws) {
      const [seenRow, typedSoFar] = redraw.split(' ← ') as [string, string];
      expect(seenRow).toBe(`${p}${typedSoFar}|`);
    }
  });
});

describe.each(['bash', 'zsh', 'fish'] as const)('%s, recorded in a UTF-8 locale: Japanese, emoji, a combining accent', (shell) => {
  const recording = load(shell, '-japanese');
  const figuresOnce = replay(recording);
  const p = PROMPTS[shell];

  it('holds the invariants, and shows Japanese at once after the line\'s first echo', async () => {
    expectJapaneseSessionHeld(shell, recording, await figuresOnce);
  });

  it('replays the same every time', async () => {
    const again = await replay(recording);
    const first = await figuresOnce;
    expect({ ...again, screens: [...again.screens] }).toEqual({ ...first, screens: [...first.screens] });
  });

  it("predicts an input method's commits of whole words at once", async () => {
    const s = screens(await figuresOnce, 'after the commits', 1);
    expect(s.paused).toBe(`${p}echo 日本語のテキストを入力|`);
    expect(s.quiet).toBe(`${p}echo 日本語のテキストを入力|`);
  });

  it('waits for the host on an emoji with a skin tone and on an accent typed on its own, and shows what it drew', async () => {
    const s = screens(await figuresOnce, 'after the emoji and the accent', 1);
    // Each shell draws them its own way: zsh shows a lone combining mark as <0301>, fish 3 the emoji without
    // its tone and the e without its accent. Predicting either at once would have been wrong somewhere.
    const quiet = { bash: `echo hi ${EMOJI} cafe\u0301|`, zsh: `echo hi ${EMOJI} cafe<0301>|`, fish: 'echo hi 👋 cafe|' }[shell];
    expect(s.quiet).toBe(`${p}${quiet}`);
  });

  it('takes a wide character back with Backspace, both columns', async () => {
    const s = screens(await figuresOnce, 'after Backspace over a wide character', 1);
    expect(s.paused).toBe(`${p}echo 東|`);
    expect(s.quiet).toBe(`${p}echo 東|`);
  });

  it('moves a wide character typed in the last column to the next row, as the terminal does', async () => {
    const figures = await figuresOnce;
    const s = screens(figures, 'a wide character wrapped at the margin', 2);
    const row1 = `${p}echo ${recording.longText}`;
    expect(row1).toHaveLength(49); // the last column is left empty
    expect(s.paused).toBe(`${row1}\n日本|`);
    expect(s.quiet).toBe(`${row1}\n日本|`);
    const back = screens(figures, 'after Backspace back across the wrap', 2);
    // The second Backspace, over the 日 that wrapped, is not predicted: shells put the cursor back on the row above.
    expect(back.paused).toBe(`${row1}\n日|`);
    expect(back.quiet.split('\n').at(-1)).toBe(`${row1}|`);
  });
});

describe.each(['bash', 'fish'] as const)('%s, recorded with prompts marked by OSC 133', (shell) => {
  const recording = load(shell, '-marked');
  const figuresOnce = replay(recording);
  const p = PROMPTS[shell];

  it('holds the invariants, draws nothing at read -s (typed after and ahead) and passwd, and shows first keys', async () => {
    expectMarkedSessionHeld(shell, recording, await figuresOnce);
  });

  it("shows the first key of a line at a marked prompt before its echo (unmarked, it waits)", async () => {
    const marked = await figuresOnce;
    const unmarked = await replay(load(shell));
    expect(marked.shownAtOnce / marked.typed).toBeGreaterThan(unmarked.shownAtOnce / unmarked.typed + 0.1);
    // The line after the mistyped command begins with `echo `: its e showed the moment it was typed.
    let firstKeyShown: boolean | undefined;
    await replay(recording, {
      watch: ({ event, seen }) => {
        if (firstKeyShown === undefined && event.kind === 'key' && event.data === 'e' && seen.endsWith(`${p}e|`)) {
          firstKeyShown = true;
        }
      },
    });
    expect(firstKeyShown).toBe(true);
  });
});
