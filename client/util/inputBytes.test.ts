import { describe, expect, it } from 'vitest';
import { binaryBytes, textBytes } from './inputBytes.js';

describe('input bytes', () => {
  it('sends text as UTF-8', () => {
    expect([...textBytes('é東')]).toEqual([0xc3, 0xa9, 0xe6, 0x9d, 0xb1]);
  });
  it('sends binary strings one byte per character', () => {
    expect([...binaryBytes('\x1b[M\xff\x80')]).toEqual([0x1b, 0x5b, 0x4d, 0xff, 0x80]);
  });
});
