// The Overview button at the end of the tab strip: the mouse's way to what Alt+Shift+O does.
import { titleFor } from '../commands/commandTable.js';
import { el } from '../util/dom.js';

export function overviewButton(onClick: () => void): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'overview-button', title: titleFor('overview.toggle', 'Overview: every tab, live') }, 'Overview');
  // The page lives as long as the button, so its listener is never removed.
  button.addEventListener('click', onClick);
  return button;
}
