import { describe, expect, it } from 'vitest';
import { hostLineAfterKeys } from './hostLine.js';

describe('hostLineAfterKeys', () => {
  it('knows the shell holds text after typing, a paste, Tab or history', () => {
    expect(hostLineAfterKeys(false, 'ls -l')).toBe(true);
    expect(hostLineAfterKeys(false, '\x1b[200~x\x1b[201~')).toBe(true);
    expect(hostLineAfterKeys(false, '\t')).toBe(true);
    expect(hostLineAfterKeys(false, '\x1b[A')).toBe(true);
  });

  it('knows Enter and Ctrl-C empty it', () => {
    expect(hostLineAfterKeys(true, '\r')).toBe(false);
    expect(hostLineAfterKeys(true, '\x03')).toBe(false);
    expect(hostLineAfterKeys(false, 'ls\rpwd')).toBe(true);
  });

  it('keeps what it knew for keys that may or may not empty it', () => {
    expect(hostLineAfterKeys(true, '\x7f')).toBe(true);
    expect(hostLineAfterKeys(false, '\x1b[D')).toBe(false);
  });
});
