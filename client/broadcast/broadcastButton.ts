// The Broadcast input button at the end of the tab strip: pressed while keys typed go to every tab in view.
import { titleFor } from '../commands/commandTable.js';
import { el } from '../util/dom.js';
import type { Broadcast } from './broadcast.js';

export function broadcastButton(broadcast: Broadcast, onClick: () => void): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'broadcast-button', title: titleFor('input.broadcast', 'Broadcast input: keys typed go to every tab in view') }, 'Broadcast input');
  const draw = () => button.setAttribute('aria-pressed', String(broadcast.on));
  // The page lives as long as the button, so its listeners are never removed.
  broadcast.subscribe(draw);
  button.addEventListener('click', onClick);
  draw();
  return button;
}
