// Completing a host path being typed, as a shell's Tab does: the folder to list, and what the names found make of the text.
import { folderOnHost, pathIn } from './workingDirectory.js';

/** The typed text cut at its last `/`: the folder part as typed (with its `/`), and the start of the name after it. */
export function splitTyped(typed: string): { folder: string; prefix: string } {
  const cut = typed.lastIndexOf('/') + 1;
  return { folder: typed.slice(0, cut), prefix: typed.slice(cut) };
}

/**
 * The host folder to list for the typed folder part: absolute as typed, `~/…` in the home folder, anything else in the
 * shell's folder ('' is the home folder, which SFTP names '.').
 */
export function folderToList(typedFolder: string, shellFolder: string): string {
  if (typedFolder.startsWith('/')) return typedFolder;
  if (typedFolder === '') return shellFolder === '' ? '.' : shellFolder;
  const inFolder = typedFolder.startsWith('~') ? folderOnHost(typedFolder) : pathIn(shellFolder, typedFolder);
  return inFolder === '' ? '.' : inFolder;
}

export interface Completed {
  /** The text with the name completed as far as every candidate agrees. */
  text: string;
  /** The names that still fit, when more than one does (a folder's with its `/`). */
  candidates: string[];
}

/** What `names` (those in the typed folder starting with the typed prefix) make of `typed`. */
export function complete(typed: string, names: readonly string[]): Completed {
  const { folder, prefix } = splitTyped(typed);
  if (names.length === 0) return { text: typed, candidates: [] };
  const shared = names.reduce((common, name) => {
    let length = 0;
    while (length < common.length && length < name.length && common[length] === name[length]) length++;
    return common.slice(0, length);
  });
  // A prefix the listing agrees with is never shortened, whatever the names share.
  const text = folder + (shared.length >= prefix.length ? shared : prefix);
  return { text, candidates: names.length > 1 ? [...names] : [] };
}
