import { describe, expect, it } from 'vitest';
import { Harness, playTyping } from '../../test/support/predictiveEcho/harness.js';
import { FishShell, LineEditorShell, type SimulatedShell } from '../../test/support/predictiveEcho/simulatedShells.js';

// Scripted sessions at a prompt, per shell: nothing drawn is ever wrong, nothing is left over, and most
// keystrokes show at once. What does not show is the start of each line: after Enter a new epoch begins,
// and it stays hidden until the host has echoed one keystroke of it (about a round trip of typing).

const COMMANDS = ['ls -la', 'echo hello', 'cd src', 'git status', 'make test', 'vim notes'];

function shellFor(name: string): SimulatedShell & { greeting(): string } {
  return name === 'fish' ? new FishShell(60) : new LineEditorShell(name as 'bash' | 'zsh' | 'dash', 60);
}

/** Thirty commands typed at 60–180 ms a key, a typo fixed now and then; the same every run. */
function script(): Array<{ key: string; gapMs: number }> {
  let seed = 1;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const typing: Array<{ key: string; gapMs: number }> = [];
  for (let round = 0; round < 5; round++) {
    for (const command of COMMANDS) {
      for (const key of command) typing.push({ key, gapMs: 60 + Math.floor(random() * 120) });
      if (random() < 0.3) typing.push({ key: '\x7f', gapMs: 150 }, { key: command.at(-1)!, gapMs: 120 });
      typing.push({ key: '\r', gapMs: 200 });
    }
  }
  return typing;
}

/** The share of printable keystrokes drawn at once (measured on this script when it was written). */
const SHOWN_AT_ONCE: Record<number, number> = { 50: 0.85, 250: 0.65 };

describe.each(['bash', 'zsh', 'dash', 'fish'])('a scripted session with %s', (name) => {
  it.each([50, 250])('at %i ms round trip', async (rttMs) => {
    const shell = shellFor(name);
    const h = new Harness(80, 24, 'always');
    await h.host(shell.greeting());
    let typed = 0;
    let shown = 0;
    const keystrokes = h.predictor.keystrokes.bind(h.predictor);
    h.predictor.keystrokes = (data: string) => {
      keystrokes(data);
      if (data.length !== 1 || data < ' ' || data === '\x7f') return;
      typed++;
      if (h.overlay().cells.some((cell) => cell.chars === data)) shown++;
    };
    await playTyping(h, shell, script(), { rttMs, splits: [] });
    await h.quiet();
    expect(h.predictor.echoLatency().mispredictions).toBe(0);
    expect(h.nothingLeftToDraw()).toBe(true);
    expect(shown / typed).toBeGreaterThanOrEqual(SHOWN_AT_ONCE[rttMs]!);
    expect(h.predictor.echoLatency().smoothedMs).toBeCloseTo(rttMs, 0);
  }, 30_000);
});
