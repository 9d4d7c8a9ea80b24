// The line that tells a closed session apart in history: its last line of output, as text, prompts and logout skipped.

/** Escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-byte escapes) and control characters other than tab, LF and CR. */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** A prompt with nothing typed after it (`alice@de1:~$`, `#`, `host%`, `>`; not `100%`), or the shell saying goodbye. */
const UNTELLING = /^(?:(?:.*\D)?[$#%>]|logout|exit)$/;
/** A prompt line whose command ended the session (`… $ exit`). */
const LEAVING = /[$#%>]\s+(?:exit|logout)$/;

export const MAX_LAST_LINE_LENGTH = 160;

/**
 * A terminal's output as the lines a person saw: escape sequences and control characters gone, and of a line a
 * carriage return started over, only what was written last (a progress bar's final state).
 */
export function screenLines(output: string): string[] {
  // Escapes go before lines are split (they keep \r and \n), so none leaves a fragment behind.
  return output
    .replace(ESCAPES, '')
    .split('\n')
    .map(lastWritten);
}

/** What a line shows after its carriage returns: the last part written over the others (most lines end in \r\n). */
function lastWritten(line: string): string {
  const body = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!body.includes('\r')) return body;
  return body.split('\r').filter((part) => part.trim() !== '').at(-1) ?? '';
}

/** The last line worth reading in a terminal's output; undefined when there is none. */
export function lastLineOf(scrollback: string): string | undefined {
  const lines = screenLines(scrollback);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(/\s+/g, ' ').trim();
    if (!line || UNTELLING.test(line) || LEAVING.test(line)) continue;
    return line.length > MAX_LAST_LINE_LENGTH ? `${line.slice(0, MAX_LAST_LINE_LENGTH - 1)}…` : line;
  }
  return undefined;
}

