// Whether what is typed now goes to a shell prompt the shell itself marked (OSC 133), so it cannot be a password: a pure state machine.
import type { ShellMark } from '../terminal/shellMarks.js';

/**
 * A line typed at a marked prompt (after `A`/`B`) is a command line; after `C` it goes to the command
 * (a `read -s`, `sudo`, `ssh` asking for a password). The danger is typing ahead: a line ended (Enter) before
 * its prompt was even drawn runs as soon as the shell reads it, so that prompt is not where the next keys go.
 * Hence a count of lines ended that the shell has not yet answered: each runs a command (`C`) or, empty or
 * cancelled, just brings the next prompt (an `A` with no `C` since the last one). A prompt counts as marked
 * only when none is outstanding. The first prompt seen is never trusted: lines ended before it (typed ahead
 * while logging in, or before the integration was loaded) cannot be told apart, so the count starts there.
 * Lines ended while a command runs go to it (the Enter after a password) —
 * or, typed ahead, to the shell once it is done: the prompt after such a command is not trusted either.
 */
export interface MarkedPrompt {
  /** The keys typed now go to a marked shell prompt. */
  readonly marked: boolean;
  /** Lines ended (Enter, Ctrl-C, Ctrl-D) the shell has not answered with a command or a new prompt. */
  readonly linesPending: number;
  /** A prompt has been seen: the first one answers no line (it is the shell starting). */
  readonly sawPrompt: boolean;
  /** A command started since the last prompt. */
  readonly commandSincePrompt: boolean;
  /** A command runs (`C` seen, no prompt since). */
  readonly running: boolean;
  /** A line was ended while the command ran. */
  readonly endedWhileRunning: boolean;
  /** The prompt being drawn came after such a line: it may be about to run it. */
  readonly promptInDoubt: boolean;
}

export const UNMARKED_PROMPT: MarkedPrompt = Object.freeze({
  marked: false,
  linesPending: 0,
  sawPrompt: false,
  commandSincePrompt: false,
  running: false,
  endedWhileRunning: false,
  promptInDoubt: false,
});

export function afterShellMark(state: MarkedPrompt, mark: ShellMark): MarkedPrompt {
  switch (mark.kind) {
    case 'promptStart': {
      const answersLine = state.sawPrompt && !state.commandSincePrompt;
      const linesPending = !state.sawPrompt ? 0 : answersLine ? Math.max(0, state.linesPending - 1) : state.linesPending;
      const promptInDoubt = state.endedWhileRunning || !state.sawPrompt;
      return {
        marked: linesPending === 0 && !promptInDoubt,
        linesPending,
        sawPrompt: true,
        commandSincePrompt: false,
        running: false,
        endedWhileRunning: false,
        promptInDoubt,
      };
    }
    case 'promptEnd':
      return { ...state, marked: state.sawPrompt && state.linesPending === 0 && !state.promptInDoubt };
    case 'commandStart':
      return {
        ...state,
        marked: false,
        linesPending: Math.max(0, state.linesPending - 1),
        commandSincePrompt: true,
        running: true,
      };
    case 'commandEnd':
      return { ...state, marked: false };
  }
}

/** The user ended a line (Enter, Ctrl-C, Ctrl-D): what comes next is not at this prompt. */
export function afterLineEnded(state: MarkedPrompt): MarkedPrompt {
  if (state.running) return { ...state, marked: false, endedWhileRunning: true };
  return { ...state, marked: false, linesPending: state.linesPending + 1 };
}
