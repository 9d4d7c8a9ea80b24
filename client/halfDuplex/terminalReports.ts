// Tells the terminal's own answers to the host (cursor and device reports, colour replies, mouse and focus reports) apart from keys the user typed.

/**
 * xterm.js hands its replies to the host's queries to `onData`, exactly like keystrokes, one reply per
 * call. Half-duplex mode must send them straight on: a dropped reply stalls a program that waits for it
 * (fish asks for device attributes at start, vim for the cursor position and background colour), and a
 * reply decoded as keys would type `11;rgb:1111/1414/1818` into the local line.
 *
 * No key a person can press produces one of these as a whole `onData` string, with one exception:
 * xterm.js encodes Shift/Alt/Ctrl+F3 as `ESC [ 1 ; m R`, which looks like a cursor position report. The
 * line editor ignores function keys anyway, so passing that on is harmless.
 */
const REPORTS: readonly RegExp[] = [
  /^\x1b\[\??\d+;\d+R$/, // cursor position (DSR 6, DECXCPR)
  /^\x1b\[\??\d*n$/, // device status
  /^\x1b\[[?>=][\d;]*c$/, // primary, secondary, tertiary device attributes
  /^\x1b\[\??[\d;]*\$y$/, // mode reports (DECRQM)
  /^\x1b\[\d+(?:;\d+)*t$/, // window reports (XTWINOPS)
  /^\x1b\[\?\d*u$/, // keyboard protocol flags
  /^\x1b\[[IO]$/, // focus in, focus out
  /^\x1b\[<\d+;\d+;\d+[Mm]$/, // SGR mouse
  /^\x1b\[\d+;\d+;\d+M$/, // urxvt mouse
  /^\x1b\[M[\s\S]{3}$/, // X10 / normal mouse
  /^\x1b\][\s\S]*(?:\x07|\x1b\\)$/, // OSC replies: colours, clipboard
  /^\x1bP[\s\S]*\x1b\\$/, // DCS replies: DECRQSS, XTVERSION, XTGETTCAP
];

export function isTerminalReport(data: string): boolean {
  return data.startsWith('\x1b') && REPORTS.some((pattern) => pattern.test(data));
}

/**
 * The reports tmux gives its panes itself (cursor position, device status, device attributes): in a durable tab the
 * program has its answer from tmux, and the page's would be typed into the shell as well. Colour, mode and the other
 * replies tmux leaves to the terminal, and the page gives them.
 */
const ANSWERED_BY_TMUX: readonly RegExp[] = [/^\x1b\[\??\d+;\d+R$/, /^\x1b\[\??\d*n$/, /^\x1b\[[?>=][\d;]*c$/];

export function isAnsweredByTmux(data: string): boolean {
  return ANSWERED_BY_TMUX.some((pattern) => pattern.test(data));
}
