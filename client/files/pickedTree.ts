// What a person picked, as paths inside it: the entries of a drop (folders read through the browser's directory reader) or a folder chooser's files.
import type { Picked } from './folderTree.js';

/** The entries a drop carries, taken while the drop event lasts (the browser forgets them after); null where a browser gives none. */
export function droppedEntries(transfer: DataTransfer): Array<FileSystemEntry | null> {
  return [...transfer.items].filter((item) => item.kind === 'file').map((item) => item.webkitGetAsEntry());
}

/** Every folder and file under the dropped entries, by its path from the dropped level (`photos/2024/a.jpg`). */
export async function readDropped(entries: readonly FileSystemEntry[]): Promise<Picked<File>[]> {
  const picked: Picked<File>[] = [];
  const visit = async (entry: FileSystemEntry, inside: string): Promise<void> => {
    const relativePath = inside === '' ? entry.name : `${inside}/${entry.name}`;
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      picked.push({ relativePath, file });
      return;
    }
    picked.push({ relativePath });
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await visit(child, relativePath);
  };
  for (const entry of entries) await visit(entry, '');
  return picked;
}

/** A folder's entries: its reader answers in batches (100 at a time in Chromium) until an empty one. */
async function readAll(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** A folder chooser's files (`<input webkitdirectory>`), each by its path from the chosen folder's own name. */
export function pickedFromChooser(files: readonly File[]): Picked<File>[] {
  return files.map((file) => ({ relativePath: file.webkitRelativePath || file.name, file }));
}
