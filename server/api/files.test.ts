// The name a download is saved under: plain for every client, exact for those that read RFC 5987.
import { describe, expect, it } from 'vitest';
import { attachment } from './files.js';

describe('a download’s name', () => {
  it('is plain ASCII for every client, and exact for those that read RFC 5987', () => {
    expect(attachment('日本語 "x".txt')).toBe(`attachment; filename="___ _x_.txt"; filename*=UTF-8''${encodeURIComponent('日本語 "x".txt')}`);
    expect(attachment('notes.txt')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
  });
});
