// Which path a person points at in a line the terminal shows: the word under the pointer, without the punctuation around it.

/**
 * The path-like word of `text` that covers index `at`, or undefined (a space, a web address: those are not files).
 * Brackets and quotes around it go, and so do a sentence's full stop, `ls -F`'s `*`/`@` marks and a compiler's `:line:column`.
 */
export function pathAt(text: string, at: number): string | undefined {
  if (at < 0 || at >= text.length || /\s/.test(text[at]!)) return undefined;
  let start = at;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = at + 1;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  let word = text.slice(start, end);
  if (word.includes('://')) return undefined;
  word = word.replace(/^[("'`<[{]+/, '').replace(/[)"'`>\]},;.:]+$/, '');
  word = word.replace(/(:\d+){1,2}$/, '').replace(/[*@]$/, '');
  return word === '' || word === '~' ? undefined : word;
}

/** The host path a word names: absolute as it is, `~/x` in the home folder, else in the shell's folder ('' is the home folder). */
export function hostPathOf(word: string, shellFolder: string): string {
  if (word.startsWith('/')) return word;
  if (word.startsWith('~/')) return word.slice(2);
  const name = word.replace(/^(\.\/)+/, '');
  if (shellFolder === '') return name;
  return shellFolder.endsWith('/') ? `${shellFolder}${name}` : `${shellFolder}/${name}`;
}
