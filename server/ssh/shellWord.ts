// One word for a POSIX shell on the host: bare when plainly safe, else in single quotes (inside which sh expands nothing).

export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:=/+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
