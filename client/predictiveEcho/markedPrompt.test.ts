import { describe, expect, it } from 'vitest';
import type { ShellMark } from '../terminal/shellMarks.js';
import { afterLineEnded, afterShellMark, UNMARKED_PROMPT, type MarkedPrompt } from './markedPrompt.js';

const A: ShellMark = { kind: 'promptStart' };
const B: ShellMark = { kind: 'promptEnd' };
const C: ShellMark = { kind: 'commandStart' };
const D: ShellMark = { kind: 'commandEnd', exitCode: 0 };
const ENTER = 'enter';

/** Runs marks from the host and line ends typed, in order. */
function run(...steps: Array<ShellMark | typeof ENTER>): MarkedPrompt {
  return steps.reduce<MarkedPrompt>(
    (state, step) => (step === ENTER ? afterLineEnded(state) : afterShellMark(state, step)),
    UNMARKED_PROMPT,
  );
}

describe('marked prompts', () => {
  it('is marked at a prompt, and not once the line is ended or a command runs', () => {
    expect(run(A, B, ENTER, C, D, A, B).marked).toBe(true);
    expect(run(A, B, ENTER, C, D, A, B, ENTER).marked).toBe(false);
    expect(run(A, B, ENTER, C, D, A, B, ENTER, C).marked).toBe(false); // a read -s, sudo, passwd: never a marked prompt
    expect(run(A, B, ENTER, C, D, A, B, ENTER, C, D).marked).toBe(false);
    expect(run(A, B, ENTER, C, D, A, B, ENTER, C, D, A, B).marked).toBe(true);
  });

  it('is not marked before any mark was seen', () => {
    expect(UNMARKED_PROMPT.marked).toBe(false);
    expect(run(B).marked).toBe(false);
  });

  it('does not trust the first prompt seen: a line may have been typed ahead of it', () => {
    expect(run(A, B).marked).toBe(false);
    expect(run(ENTER, A, B).marked).toBe(false);
    expect(run(ENTER, A, B, C).marked).toBe(false);
    expect(run(ENTER, A, B, C, D, A, B).marked).toBe(true);
    // Marks that begin mid-session (the integration sourced): the count starts at the first prompt.
    expect(run(ENTER, ENTER, ENTER, A, B, ENTER, C, D, A, B).marked).toBe(true);
  });

  it('does not trust a prompt while a line typed ahead of it is still to run', () => {
    // `ls⏎ sudo true⏎` typed fast: the prompt after ls is where sudo runs from.
    expect(run(A, B, ENTER, C, D, A, B, ENTER, ENTER, C, D, A, B).marked).toBe(false);
    expect(run(A, B, ENTER, C, D, A, B, ENTER, ENTER, C, D, A, B, C).marked).toBe(false);
    expect(run(A, B, ENTER, C, D, A, B, ENTER, ENTER, C, D, A, B, C, D, A, B).marked).toBe(true);
  });

  it('does not trust the prompt after a command that was given a line (the Enter after a password, or typed ahead)', () => {
    expect(run(A, B, ENTER, C, ENTER, D, A, B).marked).toBe(false);
    expect(run(A, B, ENTER, C, ENTER, D, A, B, ENTER, C, D, A, B).marked).toBe(true);
    expect(run(A, B, ENTER, C, D, A, B).marked).toBe(true);
  });

  it('takes a new prompt with no command since the last for the answer to an empty or cancelled line', () => {
    expect(run(A, B, ENTER, A, B).marked).toBe(true);
    expect(run(A, B, ENTER, A, B, ENTER, ENTER, A, B).marked).toBe(false);
    expect(run(A, B, ENTER, A, B, ENTER, ENTER, A, B, A, B).marked).toBe(true);
  });
});
