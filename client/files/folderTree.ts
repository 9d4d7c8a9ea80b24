// A chosen or dropped folder as the steps that recreate it on the host: its folders first (parents before children), then its files.
import { fileNameProblem, pathIn } from './workingDirectory.js';

/** One thing in a picked tree, by its path inside it (`photos/2024/a.jpg`); no `file` means a folder (an empty one too). */
export interface Picked<F> {
  relativePath: string;
  file?: F;
}

export type UploadStep<F> =
  /** Make `path` on the host (a folder already there is used as it is). */
  | { kind: 'folder'; path: string; name: string }
  /** Send `file` to `path`; `name` is what the user knows it by (its path inside the tree). */
  | { kind: 'file'; path: string; name: string; file: F };

export interface TreePlan<F> {
  steps: UploadStep<F>[];
  /** Sentences for what was left out, one per refused name. */
  refused: string[];
}

/** The steps that put `picked` under `folder` ('' is the home folder); a path with a name the host cannot take is left out, with why. */
export function planTree<F>(folder: string, picked: readonly Picked<F>[]): TreePlan<F> {
  const folders = new Set<string>();
  const files: Array<{ names: string[]; file: F }> = [];
  const refused: string[] = [];
  for (const { relativePath, file } of picked) {
    // Empty names are the browser's slashes at either end, not names.
    const names = relativePath.split('/').filter((name) => name !== '');
    const problem = names.length === 0 ? `"${relativePath}" is not a file name` : names.map(fileNameProblem).find((found) => found !== undefined);
    if (problem) {
      refused.push(names.length > 1 ? `${problem} (in ${relativePath})` : problem);
      continue;
    }
    const parents = file === undefined ? names.length : names.length - 1;
    for (let depth = 1; depth <= parents; depth++) folders.add(names.slice(0, depth).join('/'));
    if (file !== undefined) files.push({ names, file });
  }
  // Parents before children: a folder's path is longer than its parent's, so ordering by depth is enough.
  const ordered = [...folders].sort((a, b) => a.split('/').length - b.split('/').length);
  const steps: UploadStep<F>[] = ordered.map((name) => ({ kind: 'folder', path: pathIn(folder, name), name }));
  for (const { names, file } of files) steps.push({ kind: 'file', path: pathIn(folder, names.join('/')), name: names.join('/'), file });
  return { steps, refused };
}
