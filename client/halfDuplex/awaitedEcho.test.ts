import { describe, expect, it } from 'vitest';
import { awaitedEcho } from './awaitedEcho.js';

describe('awaitedEcho', () => {
  it('is the line sent with Enter, or the part sent with Tab', () => {
    expect(awaitedEcho(['echo hello world\r'], false)).toBe('echo hello world');
    expect(awaitedEcho(['git chec\t'], false)).toBe('git chec');
  });

  it('is nothing for a secret, for several lines, for keys and for text with control characters', () => {
    expect(awaitedEcho(['hunter2\r'], true)).toBe('');
    expect(awaitedEcho(['ls\r', 'pwd\r'], false)).toBe('');
    expect(awaitedEcho(['\x03'], false)).toBe('');
    expect(awaitedEcho(['a\tb\r'], false)).toBe('');
    expect(awaitedEcho([], false)).toBe('');
    expect(awaitedEcho(['\r'], false)).toBe('');
  });
});
