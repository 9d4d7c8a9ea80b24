// Finds real bells (BEL) in host output, across chunks, skipping the BEL that ends a title (OSC) string.

type ScanState = 'ground' | 'escape' | 'csi' | 'string' | 'stringEscape';

/**
 * A shell rings the bell when it refuses a key (Backspace at the start of the line, → at its end). For the
 * predictor that is the host's answer to a key it predicted: the prediction was wrong, not late.
 * Prompts set the window title with `ESC ] 0 ; … BEL` on every line, so the scanner tracks strings.
 */
export class BellScanner {
  private state: ScanState = 'ground';

  /** True if `data` rang the bell at least once. */
  feed(data: string): boolean {
    let rang = false;
    // Where the next ESC and BEL are, found by indexOf (far faster than a loop over each character of plain
    // output) and looked up again only once passed, so a chunk full of escapes is still searched once.
    let nextEscape = -1;
    let nextBell = -1;
    for (let i = 0; i < data.length; i++) {
      if (this.state === 'ground') {
        // Only ESC and BEL matter on the ground: skip straight to whichever comes first.
        if (nextEscape < i) nextEscape = indexOrNowhere(data, '\x1b', i);
        if (nextBell < i) nextBell = indexOrNowhere(data, '\x07', i);
        i = Math.min(nextEscape, nextBell);
        if (i === NOWHERE) break;
      }
      const ch = data.charCodeAt(i);
      switch (this.state) {
        case 'ground':
          if (ch === 0x07) rang = true;
          else if (ch === 0x1b) this.state = 'escape';
          break;
        case 'escape':
          this.state = afterEscape(ch);
          break;
        case 'csi':
          // Controls inside a control sequence are still executed, so a BEL here rings.
          if (ch === 0x07) rang = true;
          else if (ch === 0x1b) this.state = 'escape';
          else if (ch >= 0x40 && ch <= 0x7e) this.state = 'ground';
          break;
        case 'string':
          if (ch === 0x07 || ch === 0x9c) this.state = 'ground';
          else if (ch === 0x1b) this.state = 'stringEscape';
          break;
        case 'stringEscape':
          // ESC \ ends the string; any other ESC aborts it and starts a new sequence.
          this.state = ch === 0x5c ? 'ground' : afterEscape(ch);
          break;
      }
    }
    return rang;
  }
}

/** Past the end of any string: what `indexOrNowhere` says when there is no more of a character. */
const NOWHERE = Number.MAX_SAFE_INTEGER;

function indexOrNowhere(data: string, char: string, from: number): number {
  const at = data.indexOf(char, from);
  return at === -1 ? NOWHERE : at;
}

function afterEscape(ch: number): ScanState {
  if (ch === 0x5b) return 'csi'; // [
  if (ch === 0x5d || ch === 0x50 || ch === 0x58 || ch === 0x5e || ch === 0x5f) return 'string'; // ] P X ^ _
  if (ch === 0x1b) return 'escape';
  return 'ground';
}
