// The last line of terminal output with text on it, as a person reads it: escape sequences gone, overwrites applied.

/** A list shows this many characters of a line at most. */
export const MAX_LAST_LINE_LENGTH = 120;

// OSC (to BEL or ST), DCS/SOS/PM/APC (to ST), CSI, then any other two-byte escape.
const ESCAPES = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]/g;
// Other control characters (but not \r or \n, which shape lines).
const CONTROLS = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]/g;

export function lastLine(output: string): string {
  const plain = output.replace(ESCAPES, '').replace(CONTROLS, '');
  const lines = plain.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    // A carriage return starts the line over: what follows the last one with text is what shows.
    const parts = lines[i]!.split('\r').filter((part) => part.trim() !== '');
    const shown = parts.at(-1)?.trim();
    if (shown) return shown.length > MAX_LAST_LINE_LENGTH ? `${shown.slice(0, MAX_LAST_LINE_LENGTH - 1)}…` : shown;
  }
  return '';
}
