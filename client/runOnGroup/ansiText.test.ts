// Output colours in the run table: SGR colours kept, other escapes and controls dropped.
import { describe, expect, it } from 'vitest';
import { styledPieces } from './ansiText.js';

describe('styledPieces', () => {
  it('keeps colours and bold, and resets them', () => {
    expect(styledPieces('ok \x1b[1;32mPASS\x1b[0m done')).toEqual([
      { text: 'ok ' },
      { text: 'PASS', fg: 2, bold: true },
      { text: ' done' },
    ]);
    expect(styledPieces('\x1b[91mred\x1b[39m')).toEqual([{ text: 'red', fg: 9 }]);
  });

  it('drops cursor moves, titles and carriage returns, and skips 256-colour arguments', () => {
    expect(styledPieces('\x1b]0;title\x07a\x1b[2Kb\rc\x1b[38;5;196md')).toEqual([{ text: 'a' }, { text: 'bc' }, { text: 'd' }]);
  });
});
