// "Open group…": pick one of the host groups; the page then opens a tab on each of its hosts.
import { GroupListSchema, type Group } from '../../shared/groups.js';
import { Modal } from '../dialogs/modal.js';
import { HttpClient } from '../http/httpClient.js';
import { listen } from '../util/disposable.js';
import { el } from '../util/dom.js';

/** Most tabs Open group opens at once: more would not be readable side by side anyway. */
export const MAX_GROUP_TABS = 32;

/** Ask which group to open (over the page's panels); `open` gets the chosen one, `onClose` runs either way. */
export function openGroupDialog(host: HTMLElement, open: (group: Group) => void, onClose: () => void, http = new HttpClient()): void {
  let modal: Modal;
  const close = () => {
    modal.dispose();
    onClose();
  };
  modal = new Modal(host, { title: 'Open group', onCancel: close, className: 'open-group-dialog' });
  const status = el('p', { role: 'status' }, 'Loading groups…');
  const list = el('ul', { class: 'open-group-list', 'aria-label': 'Groups' });
  const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
  listen(cancel, 'click', close);
  modal.body.append(status, list);
  modal.actions.append(cancel);
  modal.focus(cancel);
  void http.get('/api/groups', GroupListSchema).then(
    ({ groups }) => {
      const openable = groups.filter((group) => group.hosts.length > 0);
      status.textContent = openable.length
        ? `A tab on each host of the group, shown side by side (at most ${MAX_GROUP_TABS}).`
        : 'No group has hosts yet: make one with Edit host groups…, or add a wildcard Host line to ~/.ssh/config.';
      list.replaceChildren(
        ...openable.map((group) => {
          const button = el('button', { type: 'button', class: 'button open-group-choice' }, `${group.name} (${group.hosts.length} host${group.hosts.length === 1 ? '' : 's'})`);
          button.title = group.hosts.map((h) => h.target).join(' ');
          listen(button, 'click', () => {
            close();
            open(group);
          });
          return el('li', {}, button);
        }),
      );
      const first = list.querySelector('button');
      if (first) modal.focus(first);
    },
    (error: unknown) => (status.textContent = `Could not load the groups: ${(error as Error).message}`),
  );
}
