// The dim divider a new shell starts below, on a terminal an earlier shell (or its history) wrote to.

/**
 * Leave whatever modes the previous shell left behind (alternate screen, application keys, mouse
 * reporting, bracketed paste, hidden cursor, colours) before a new shell starts on the same terminal.
 * Deliberately not DECSTR or a scroll-region reset: xterm.js moves the cursor home for those, and the
 * divider would then overwrite the old output instead of following it. Leaving the alternate screen
 * restores a saved cursor, so it is only sent when the alternate screen is on.
 */
const RESET_MODES = [
  '\x1b[?1l\x1b>', // normal cursor keys and keypad
  '\x1b[4l\x1b[?7h', // replace mode, autowrap on
  '\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l', // no mouse or focus reports
  '\x1b[?2004l', // no bracketed paste until the new shell asks
  '\x1b[?25h\x1b[0m', // visible cursor, default colours
].join('');

/** What to write so a new shell's output follows `divider`: the old shell's modes left, the divider dim on its own line. */
export function newShellBelow(divider: string, alternateScreen: boolean): string {
  const leaveAlternateScreen = alternateScreen ? '\x1b[?1049l' : '';
  return `${leaveAlternateScreen}${RESET_MODES}\r\n\x1b[2m${divider}\x1b[0m\r\n`;
}
