// Key bindings as data: which modifiers and which key, how a key press is matched to one, and how it is written.

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
 * One chord: the modifiers held (exactly these, none other) and the key — a letter (`'n'`), a digit (`'1'`) or a
 * named key as KeyboardEvent.key spells it (`'PageDown'`). Meta is never part of one: those chords are the system's.
 */
export interface KeyBinding {
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
  key: string;
}

/**
 * Letters and digits are matched by physical key (`code`) as well as by `key`: with Alt held, macOS and some
 * layouts turn `key` into another character, and the shortcut should still be where the hand expects it.
 */
function isKey(press: KeyPress, key: string): boolean {
  if (/^[a-z]$/i.test(key)) return press.code === `Key${key.toUpperCase()}` || press.key.toLowerCase() === key.toLowerCase();
  if (/^[0-9]$/.test(key)) return press.code === `Digit${key}` || press.code === `Numpad${key}` || press.key === key;
  return press.key === key;
}

export function matches(press: KeyPress, binding: KeyBinding): boolean {
  return (
    !press.metaKey &&
    press.ctrlKey === (binding.ctrl ?? false) &&
    press.altKey === (binding.alt ?? false) &&
    press.shiftKey === (binding.shift ?? false) &&
    isKey(press, binding.key)
  );
}

/** "Alt+Shift+N", the way the UI and the docs write a chord. */
export function formatKeys(binding: KeyBinding): string {
  const parts: string[] = [];
  if (binding.ctrl) parts.push('Ctrl');
  if (binding.alt) parts.push('Alt');
  if (binding.shift) parts.push('Shift');
  parts.push(binding.key.length === 1 ? binding.key.toUpperCase() : binding.key);
  return parts.join('+');
}

/** Whether two bindings are the same chord (letters compared without case). */
export function sameKeys(a: KeyBinding, b: KeyBinding): boolean {
  return formatKeys(a) === formatKeys(b);
}
