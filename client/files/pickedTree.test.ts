// A dropped folder is read whole through the directory reader, batch after batch, each thing by its path from the dropped level.
import { describe, expect, it } from 'vitest';
import { readDropped } from './pickedTree.js';

/** A file entry as the browser gives one. */
function fileEntry(name: string, text: string): FileSystemEntry {
  return { name, isFile: true, isDirectory: false, file: (done: (file: File) => void) => done(new File([text], name)) } as unknown as FileSystemEntry;
}

/** A folder entry whose reader answers `batchSize` entries at a time, then an empty batch, as Chromium's does. */
function folderEntry(name: string, children: FileSystemEntry[], batchSize = 2): FileSystemEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (done: (batch: FileSystemEntry[]) => void) => {
          done(children.slice(at, at + batchSize));
          at += batchSize;
        },
      };
    },
  } as unknown as FileSystemEntry;
}

describe('a dropped folder', () => {
  it('is read whole, past the reader’s batches, folders included even when empty', async () => {
    const dropped = folderEntry('site', [
      fileEntry('a.txt', 'a'),
      fileEntry('b.txt', 'b'),
      folderEntry('css', [fileEntry('main.css', 'css')]),
      folderEntry('empty', []),
      fileEntry('c.txt', 'c'),
    ]);
    const picked = await readDropped([dropped, fileEntry('loose.txt', 'loose')]);
    expect(await Promise.all(picked.map(async ({ relativePath, file }) => (file ? `${relativePath}=${await file.text()}` : `${relativePath}/`)))).toEqual([
      'site/',
      'site/a.txt=a',
      'site/b.txt=b',
      'site/css/',
      'site/css/main.css=css',
      'site/empty/',
      'site/c.txt=c',
      'loose.txt=loose',
    ]);
  });
});
