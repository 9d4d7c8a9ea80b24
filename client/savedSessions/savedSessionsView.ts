// The launcher's saved sessions and unsaved ssh-config hosts: one click opens a tab; Edit, Save… and New open the dialog.
import type { SavedSession, SavedSessionList, UnsavedHost } from '../../shared/savedSessions.js';
import { el } from '../util/dom.js';
import type { SavedSessionsApi } from './api.js';
import { colorName, cssColor } from './colors.js';
import { formFromSaved, newSessionForm } from './form.js';
import { SessionDialog } from './sessionDialog.js';
import './savedSessions.css';

export interface SavedSessionsEvents {
  openSaved(saved: SavedSession): void;
  openTarget(target: string): void;
  /** The list changed (saved, edited, deleted). */
  changed(): void;
}

export class SavedSessionsView {
  readonly element: HTMLElement;
  private readonly savedList: HTMLElement;
  private readonly hosts: HTMLElement;
  private readonly hostList: HTMLElement;
  private dialog: SessionDialog | null = null;

  constructor(
    /** Where dialogs go (they cover the launcher). */
    private readonly dialogHost: HTMLElement,
    private readonly api: SavedSessionsApi,
    private readonly events: SavedSessionsEvents,
  ) {
    const create = el('button', { type: 'button', class: 'button launcher-new-session' }, 'New session…');
    create.addEventListener('click', () => this.openDialog());
    this.savedList = el('ul', { class: 'saved-list' });
    this.hostList = el('ul', { class: 'launcher-host-list' });
    this.hosts = el('div', { class: 'launcher-hosts', hidden: true }, el('p', { class: 'launcher-hosts-label' }, 'Hosts in ~/.ssh/config'), this.hostList);
    this.element = el(
      'section',
      { class: 'launcher-saved', 'aria-label': 'Saved sessions' },
      el('div', { class: 'launcher-section-head' }, el('p', { class: 'launcher-hosts-label' }, 'Saved sessions'), create),
      this.savedList,
      this.hosts,
    );
  }

  show(list: SavedSessionList): void {
    this.savedList.replaceChildren(...list.saved.map((saved) => this.savedItem(saved)));
    this.savedList.hidden = list.saved.length === 0;
    this.hostList.replaceChildren(...list.unsaved.map((host) => this.hostItem(host)));
    this.hosts.hidden = list.unsaved.length === 0;
  }

  private savedItem(saved: SavedSession): HTMLElement {
    const color = cssColor(saved.color);
    const dot = el('span', { class: 'saved-dot', 'aria-hidden': 'true' });
    if (color) dot.style.background = color;
    const label = saved.label ? el('span', { class: 'saved-label' }, saved.label) : null;
    if (label && color) label.style.borderColor = color;
    // The accessible name reads like the row: "ns1 (NS1, teal) — de1".
    const name = `${saved.name} (${saved.label ? `${saved.label}, ` : ''}${colorName(saved.color)}) — ${saved.target}`;
    const open = el('button', { type: 'button', class: 'saved-open', 'aria-label': name, title: `Open ${saved.name}` },
      dot, label, el('span', { class: 'saved-name' }, saved.name), el('span', { class: 'saved-target' }, saved.target));
    open.addEventListener('click', () => this.events.openSaved(saved));
    const edit = el('button', { type: 'button', class: 'button saved-edit', 'aria-label': `Edit ${saved.name}` }, 'Edit…');
    edit.addEventListener('click', () => this.openDialog(saved));
    return el('li', { class: 'saved-item' }, open, edit);
  }

  private hostItem(host: UnsavedHost): HTMLElement {
    const open = el('button', { type: 'button', class: 'host-chip' }, host.alias);
    open.addEventListener('click', () => this.events.openTarget(host.alias));
    const save = el('button', { type: 'button', class: 'host-save', 'aria-label': `Save ${host.alias} as a session`, title: 'Save with longhaul settings' }, 'Save…');
    save.addEventListener('click', () => this.openDialog(undefined, host.alias));
    return el('li', { class: 'host-item' }, open, save);
  }

  /** Edit `saved`, or create a new session (pre-filled with `target` when saving an alias). */
  openDialog(saved?: SavedSession, target = ''): void {
    this.closeDialog();
    const done = () => {
      this.closeDialog();
      this.events.changed();
    };
    this.dialog = new SessionDialog(
      this.dialogHost,
      saved ? `Edit ${saved.name}` : target ? `Save ${target}` : 'New saved session',
      saved ? formFromSaved(saved) : newSessionForm(target),
      {
        save: (input) => (saved ? this.api.replace(saved.id, input) : this.api.create(input)),
        ...(saved ? { remove: () => this.api.remove(saved.id) } : {}),
        close: done,
      },
    );
    this.dialog.focus();
  }

  closeDialog(): void {
    this.dialog?.dispose();
    this.dialog = null;
  }
}
