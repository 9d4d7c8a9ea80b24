// Which key presses are longhaul's own (tabs, copy, paste, search) rather than keystrokes for the shell.

export type Shortcut =
  | { kind: 'next-tab' }
  | { kind: 'previous-tab' }
  /** Alt+1…9: the digit pressed (9 means the last tab). */
  | { kind: 'tab-number'; digit: number }
  | { kind: 'new-tab' }
  | { kind: 'close-tab' }
  | { kind: 'reopen-closed-tab' }
  | { kind: 'copy' }
  | { kind: 'paste' }
  | { kind: 'search' }
  /** Alt+Shift+H: half-duplex mode on or off in the active tab (client/halfDuplex). */
  | { kind: 'half-duplex' }
  /** Alt+Shift+L: show or hide the latency overlay on every tab (client/latency, issue 6). */
  | { kind: 'toggle-latency' };

/** The parts of a KeyboardEvent the decision needs, so it can be tested without a DOM. */
export interface KeyPress {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * Letters are matched by physical key (`code`) as well as by `key`: with Alt held, macOS and some
 * layouts turn `key` into another character, and the shortcut should still be where the hand expects it.
 */
function isLetter(press: KeyPress, letter: string): boolean {
  return press.code === `Key${letter.toUpperCase()}` || press.key.toLowerCase() === letter.toLowerCase();
}

function digitOf(press: KeyPress): number | null {
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(press.code) ?? /^([1-9])$/.exec(press.key);
  return match ? Number(match[1]) : null;
}

export function shortcutFor(press: KeyPress): Shortcut | null {
  const { altKey: alt, ctrlKey: ctrl, shiftKey: shift, metaKey: meta } = press;
  if (meta) return null;

  if (alt && !ctrl) {
    if (!shift && press.key === 'PageDown') return { kind: 'next-tab' };
    if (!shift && press.key === 'PageUp') return { kind: 'previous-tab' };
    if (shift && isLetter(press, 'n')) return { kind: 'new-tab' };
    if (shift && isLetter(press, 'w')) return { kind: 'close-tab' };
    if (shift && isLetter(press, 't')) return { kind: 'reopen-closed-tab' }; // issue 5
    if (shift && isLetter(press, 'h')) return { kind: 'half-duplex' };
    if (shift && isLetter(press, 'l')) return { kind: 'toggle-latency' }; // latency overlay (issue 6)
    if (!shift) {
      const digit = digitOf(press);
      if (digit !== null) return { kind: 'tab-number', digit };
    }
    return null;
  }

  // Ctrl+Shift, because plain Ctrl+C/V/F belong to the shell (interrupt, literal next, forward a char).
  if (ctrl && shift && !alt) {
    if (isLetter(press, 'c')) return { kind: 'copy' };
    if (isLetter(press, 'v')) return { kind: 'paste' };
    if (isLetter(press, 'f')) return { kind: 'search' };
  }
  return null;
}

/** Shortcuts that only mean something inside a terminal; elsewhere the browser's own behaviour is right. */
export function isTerminalOnly(shortcut: Shortcut): boolean {
  return shortcut.kind === 'copy' || shortcut.kind === 'paste';
}
