// Finds shell integration marks (OSC 133: prompt start and end, command start and end) in host output, across chunks.

/**
 * What the shell says about where it is (the FinalTerm / OSC 133 convention that fish 4, iTerm2's, VS Code's
 * and WezTerm's shell integrations use):
 * - `promptStart` (`A`): a prompt is being drawn;
 * - `promptEnd` (`B`): the prompt is drawn, what is typed now is a command line;
 * - `commandStart` (`C`): the command line was accepted and runs: what is typed now goes to it;
 * - `commandEnd` (`D[;status]`): it finished.
 */
export type ShellMark =
  | { readonly kind: 'promptStart' }
  | { readonly kind: 'promptEnd' }
  | { readonly kind: 'commandStart' }
  | { readonly kind: 'commandEnd'; readonly exitCode: number | undefined };

const OSC_133 = '\x1b]133;';
/** Longer than any mark; a longer string after `ESC ] 133 ;` is not one and is dropped. */
const MAX_MARK_LENGTH = 256;

function markOf(body: string): ShellMark | undefined {
  const [letter, ...params] = body.split(';');
  switch (letter) {
    case 'A':
      return { kind: 'promptStart' };
    case 'B':
      return { kind: 'promptEnd' };
    case 'C':
      return { kind: 'commandStart' };
    case 'D': {
      const status = params[0] !== undefined && /^-?\d+$/.test(params[0]) ? Number(params[0]) : undefined;
      return { kind: 'commandEnd', exitCode: status };
    }
    default:
      return undefined;
  }
}

/** Feed it every chunk of output in order; it returns the marks each completes. Ends in BEL or ST both count. */
export class ShellMarkScanner {
  /** An unfinished mark (or what may be the start of one) carried over from the last chunk. */
  private carry = '';

  feed(chunk: string): ShellMark[] {
    const data = this.carry + chunk;
    this.carry = '';
    const marks: ShellMark[] = [];
    let from = 0;
    for (;;) {
      const start = data.indexOf(OSC_133, from);
      if (start < 0) {
        // Keep a tail that could be the beginning of `ESC ] 133 ;`.
        const escape = data.lastIndexOf('\x1b', data.length - 1);
        if (escape >= 0 && escape >= data.length - OSC_133.length && OSC_133.startsWith(data.slice(escape))) {
          this.carry = data.slice(escape);
        }
        return marks;
      }
      const bodyStart = start + OSC_133.length;
      const bell = data.indexOf('\x07', bodyStart);
      const st = data.indexOf('\x1b\\', bodyStart);
      const end = bell < 0 ? st : st < 0 ? bell : Math.min(bell, st);
      if (end < 0) {
        if (data.length - start <= MAX_MARK_LENGTH) this.carry = data.slice(start);
        return marks;
      }
      const mark = markOf(data.slice(bodyStart, end));
      if (mark) marks.push(mark);
      from = end + (end === st ? 2 : 1);
    }
  }
}
