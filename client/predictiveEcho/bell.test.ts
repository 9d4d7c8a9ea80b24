import { describe, expect, it } from 'vitest';
import { BellScanner } from './bell.js';

describe('BellScanner', () => {
  it('hears a bell', () => {
    expect(new BellScanner().feed('\x07')).toBe(true);
    expect(new BellScanner().feed('abc')).toBe(false);
  });

  it('does not take the end of a title for a bell', () => {
    const scanner = new BellScanner();
    expect(scanner.feed('\x1b]0;user@de1: ~\x07$ ')).toBe(false);
    expect(scanner.feed('\x07')).toBe(true);
  });

  it('follows a title split across chunks', () => {
    const scanner = new BellScanner();
    expect(scanner.feed('\x1b]0;us')).toBe(false);
    expect(scanner.feed('er\x07')).toBe(false);
    expect(scanner.feed('x\x07')).toBe(true);
  });

  it('knows a string ended by ESC backslash', () => {
    const scanner = new BellScanner();
    expect(scanner.feed('\x1bP1$r\x1b\\')).toBe(false);
    expect(scanner.feed('\x07')).toBe(true);
  });

  it('hears a bell after a control sequence, or inside one', () => {
    expect(new BellScanner().feed('\x1b[K\x07')).toBe(true);
    expect(new BellScanner().feed('\x1b[1\x07K')).toBe(true);
  });

  it('finds bells in long text and among many sequences as a character-by-character scan does', () => {
    // A plain reading of the same rules, one character at a time, to check the scanner's skipping against.
    const reference = () => {
      let state: 'ground' | 'escape' | 'csi' | 'string' = 'ground';
      return (data: string): boolean => {
        let rang = false;
        for (const ch of data) {
          if (state === 'ground') {
            if (ch === '\x07') rang = true;
            else if (ch === '\x1b') state = 'escape';
          } else if (state === 'escape') {
            state = ch === '[' ? 'csi' : ']PX^_'.includes(ch) ? 'string' : ch === '\x1b' ? 'escape' : 'ground';
          } else if (state === 'csi') {
            if (ch === '\x07') rang = true;
            else if (ch === '\x1b') state = 'escape';
            else if (ch >= '@' && ch <= '~') state = 'ground';
          } else if (ch === '\x07' || ch === '\x9c') state = 'ground';
          else if (ch === '\x1b') state = 'escape'; // ESC \\ then ends it as ESC followed by a final does
        }
        return rang;
      };
    };
    const pieces = ['A'.repeat(5000), 'text ', '\x07', '\x1b', '[', '1;31m', 'K', ']0;title', '\\', '\x9c', 'P', '\r\n'];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let run = 0; run < 200; run++) {
      const scanner = new BellScanner();
      const expected = reference();
      for (let chunk = 0; chunk < 5; chunk++) {
        const data = Array.from({ length: random(12) }, () => pieces[random(pieces.length)]!).join('');
        expect(scanner.feed(data), JSON.stringify(data)).toBe(expected(data));
      }
    }
  });
});
