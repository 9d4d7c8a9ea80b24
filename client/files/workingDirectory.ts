// Where the shell is: the folder it reports with OSC 7 (file://host/path), which uploads go to.

/** The path of an OSC 7 report (`file://host/path`, percent-encoded), or undefined for anything else. */
export function osc7Path(data: string): string | undefined {
  const match = /^file:\/\/[^/]*(\/.*)$/.exec(data.trim());
  if (!match) return undefined;
  try {
    const path = decodeURIComponent(match[1]!);
    return /[\x00-\x1f\x7f]/.test(path) ? undefined : path;
  } catch {
    return undefined; // a malformed escape: no folder rather than a wrong one
  }
}

/** What a user may type for a folder on the host: `~` and `~/x` are the home folder (SFTP's paths are relative to it). */
export function folderOnHost(typed: string): string {
  const folder = typed.trim();
  if (folder === '' || folder === '~') return '';
  if (folder.startsWith('~/')) return folder.slice(2);
  return folder;
}

/** The host path of `name` in `folder` ('' is the home folder). */
export function pathIn(folder: string, name: string): string {
  if (folder === '') return name;
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/** Why a dropped or chosen file's name cannot be used as a file name on the host, or undefined. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `"${name}" is not a file name`;
  if (name.includes('/')) return `${name}: a file name cannot hold "/"`;
  if (/[\x00-\x1f\x7f]/.test(name)) return `${JSON.stringify(name)}: a file name cannot hold control characters`;
  return undefined;
}
