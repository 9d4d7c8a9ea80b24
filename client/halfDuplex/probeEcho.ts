// Whether the host echoed the first character of a line, which half-duplex sent alone to find out before drawing anything.

/** Where the first character went: the host's cursor (buffer row, column) when it was sent. */
export interface SentProbe {
  readonly row: number;
  readonly col: number;
  readonly text: string;
}

/**
 * The host echoes the line when the cell where the character was sent now holds it and the host's cursor
 * has moved on past it. A prompt with echo off (`read -s`, `sudo`, `ssh-add`) leaves both as they were.
 */
export function probeEchoed(sent: SentProbe, cellText: string, cursor: { readonly row: number; readonly col: number }): boolean {
  if (cellText !== sent.text) return false;
  return cursor.row > sent.row || (cursor.row === sent.row && cursor.col > sent.col);
}
