// Turns a key pressed on a thumbnail into what the terminal would have sent for it, so typing there goes down the full view's input path.

/** The parts of a KeyboardEvent that decide what a terminal sends. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

const ESC = '\x1b';

/** Keys with no text of their own, as xterm.js sends them in normal cursor mode. */
const NAMED_KEYS: Readonly<Record<string, string>> = {
  Enter: '\r',
  Backspace: '\x7f',
  Tab: '\t',
  Delete: `${ESC}[3~`,
  ArrowUp: `${ESC}[A`,
  ArrowDown: `${ESC}[B`,
  ArrowRight: `${ESC}[C`,
  ArrowLeft: `${ESC}[D`,
  Home: `${ESC}[H`,
  End: `${ESC}[F`,
  PageUp: `${ESC}[5~`,
  PageDown: `${ESC}[6~`,
  Insert: `${ESC}[2~`,
};

/**
 * What to send for a key, or null when it is not the shell's (a bare modifier, a Meta shortcut, an unknown key).
 * Arrow keys are left to the overview unless `arrowsToShell`: there they move between thumbnails.
 */
export function terminalDataFor(press: KeyPress, arrowsToShell = true): string | null {
  const { key, ctrlKey, altKey, metaKey, shiftKey } = press;
  if (metaKey) return null;
  if (key === 'Tab' && shiftKey) return `${ESC}[Z`;
  const named = NAMED_KEYS[key];
  if (named !== undefined) {
    if (!arrowsToShell && key.startsWith('Arrow')) return null;
    if (key === 'Backspace' && ctrlKey) return '\x08';
    return altKey ? ESC + named : named;
  }
  if ([...key].length !== 1) return null; // Shift, F5, Dead, Unidentified…
  if (ctrlKey && !altKey) return controlCharacter(key);
  if (ctrlKey && altKey) {
    const control = controlCharacter(key);
    return control === null ? null : ESC + control;
  }
  return altKey ? ESC + key : key;
}

/** Ctrl with a letter or one of @[\]^_ gives the C0 control character; Ctrl+Space gives NUL. */
function controlCharacter(key: string): string | null {
  if (key === ' ') return '\x00';
  const code = key.toUpperCase().charCodeAt(0);
  if (code >= 0x40 && code <= 0x5f) return String.fromCharCode(code - 0x40);
  if (key === '?') return '\x7f';
  return null;
}
