// The shell integration line typed into real bash, zsh, fish and dash on a pty: prompt marks and folder reports from bash and zsh, nothing (and no error) from the others.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { osc7Path } from '../../client/files/workingDirectory.js';
import { SHELL_INTEGRATION_LINE } from '../../client/shellIntegration/integrationLine.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-shell-integration-'));
/** A folder whose name needs escaping in a file:// URL: a space and a percent sign. */
const odd = path.join(home, 'my 100% folder');
fs.mkdirSync(odd);

/** Types `lines` into `shell` on a pty (util-linux `script`), one by one, and returns everything it printed. */
function session(shell: string, lines: readonly string[]): string {
  const run = spawnSync('script', ['-q', '-c', shell, '/dev/null'], {
    input: `${lines.join('\n')}\nexit\n`,
    env: { PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    cwd: home,
    timeout: 15_000,
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  return run.stdout;
}

/** OSC 133 marks and OSC 7 reports in order, as `A`, `B`, `C`, `D;0`, `7:/path`. */
function marksIn(output: string): string[] {
  return [...output.matchAll(/\x1b\](133;[^\x07\x1b]*|7;[^\x07\x1b]*)\x07/g)].map(([, body]) =>
    body!.startsWith('7;') ? `7:${osc7Path(body!.slice(2))}` : body!.slice(4),
  );
}

/** The text a person would read: escapes and carriage returns out. */
const readable = (output: string) => output.replace(/\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07|\x1b\(B/g, '').replace(/\r/g, '');

const MARKING_SHELLS = [
  ['bash', 'bash --norc -i'],
  ['zsh', 'zsh -f -i'],
] as const;

describe('the shell integration line', () => {
  it.each(MARKING_SHELLS)('makes %s mark each prompt and command and report its folder after each command', (_, shell) => {
    const output = session(shell, [SHELL_INTEGRATION_LINE, `cd '${odd}'`, '', 'false']);
    const marks = marksIn(output);
    // Enter on the line itself starts no marked command (the marks are not defined yet when it is read).
    expect(marks).toEqual([
      'D;0', `7:${home}`, 'A', 'B', // the prompt after the line
      'C', 'D;0', `7:${odd}`, 'A', 'B', // cd
      'D;0', `7:${odd}`, 'A', 'B', // an empty line: no command, no C
      'C', 'D;1', `7:${odd}`, 'A', 'B', // false
      'C', // exit
    ]);
    expect(readable(output)).not.toMatch(/error|not found|command not found/i);
  });

  it('keeps bash marking when PROMPT_COMMAND rebuilds the prompt (as prompt themes do), and marks once when typed twice', () => {
    const output = session('bash --norc -i', [
      String.raw`PROMPT_COMMAND='PS1="\w \$ "'`,
      SHELL_INTEGRATION_LINE,
      SHELL_INTEGRATION_LINE,
      'true',
    ]);
    // The second time the line's guard finds the marks there and does nothing (status 1): one A and B per prompt.
    expect(marksIn(output)).toEqual(['D;0', `7:${home}`, 'A', 'B', 'C', 'D;1', `7:${home}`, 'A', 'B', 'C', 'D;0', `7:${home}`, 'A', 'B', 'C']);
  });

  it('keeps zsh marking when a precmd hook rebuilds the prompt', () => {
    const output = session('zsh -f -i', ['rebuild() { PS1="%~ %# "; }', 'precmd_functions+=(rebuild)', SHELL_INTEGRATION_LINE, 'true']);
    expect(marksIn(output)).toEqual(['D;0', `7:${home}`, 'A', 'B', 'C', 'D;0', `7:${home}`, 'A', 'B', 'C']);
  });

  it.each([
    ['fish', 'fish --no-config -i'],
    ['dash', 'dash -i'],
  ])('does nothing in %s, and says nothing', (_, shell) => {
    const output = session(shell, [SHELL_INTEGRATION_LINE, "echo after the line | tr ' ' -"]);
    expect(marksIn(output)).toEqual([]);
    const text = readable(output);
    expect(text).toMatch(/after-the-line$/m); // the next line ran
    expect(text).not.toMatch(/error|not found|unknown/i);
  });
});
