// The line that tells a closed session apart in history: its last line of output, as text, prompts and logout skipped.

/** Escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-byte escapes) and control characters other than tab, LF and CR. */
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** A prompt with nothing typed after it (`alice@de1:~$`, `#`, `host%`, `>`; not `100%`), or the shell saying goodbye. */
const UNTELLING = /^(?:(?:.*\D)?[$#%>]|logout|exit)$/;
/** A prompt line whose command ended the session (`… $ exit`). */
const LEAVING = /[$#%>]\s+(?:exit|logout)$/;

export const MAX_LAST_LINE_LENGTH = 160;

/** The last line worth reading in a terminal's output; undefined when there is none. */
export function lastLineOf(scrollback: string): string | undefined {
  // Escapes go before lines are split (they keep \r and \n), so none leaves a fragment behind.
  const lines = scrollback.replace(ESCAPES, '').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    // A carriage return starts the line over: what follows the last one is what the screen showed.
    const segments = lines[i]!.split('\r').filter((part) => part.trim() !== '');
    const line = (segments.at(-1) ?? '').replace(/\s+/g, ' ').trim();
    if (!line || UNTELLING.test(line) || LEAVING.test(line)) continue;
    return line.length > MAX_LAST_LINE_LENGTH ? `${line.slice(0, MAX_LAST_LINE_LENGTH - 1)}…` : line;
  }
  return undefined;
}

