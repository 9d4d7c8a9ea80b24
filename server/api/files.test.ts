// The name a download is saved under: plain for every client, exact for those that read RFC 5987.
import { describe, expect, it } from 'vitest';
import { attachment, tarCommand } from './files.js';

describe('a folder’s tar', () => {
  it('is made from the folder’s parent, so its files are inside under the folder’s own name, whatever the name holds', () => {
    expect(tarCommand('/srv/app/')).toBe('tar -C /srv -cf - -- app');
    expect(tarCommand('logs')).toBe('tar -C . -cf - -- logs');
    expect(tarCommand("/tmp/it's here")).toBe(String.raw`tar -C /tmp -cf - -- 'it'\''s here'`);
  });
});

describe('a download’s name', () => {
  it('is plain ASCII for every client, and exact for those that read RFC 5987', () => {
    expect(attachment('日本語 "x".txt')).toBe(`attachment; filename="___ _x_.txt"; filename*=UTF-8''${encodeURIComponent('日本語 "x".txt')}`);
    expect(attachment('notes.txt')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
  });
});
