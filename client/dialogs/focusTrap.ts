// Keeps Tab inside a modal dialog: past the last control it comes back to the first, and Shift+Tab the other way.
import { focusableIn } from '../util/dom.js';

/** Call from the dialog's keydown handler for a Tab key. */
export function keepTabInside(dialog: HTMLElement, event: KeyboardEvent): void {
  const focusable = focusableIn(dialog);
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
