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
});
