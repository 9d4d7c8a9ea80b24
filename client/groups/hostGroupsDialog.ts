// "Edit host groups…": the groups with the hosts each stands for, and a form to make, change (rename) or delete one.
import type { Group, GroupInput } from '../../shared/groups.js';
import { DisposableStore, listen } from '../util/disposable.js';
import { el, focusableIn, uniqueId } from '../util/dom.js';
import { keepTabInside } from '../dialogs/focusTrap.js';
import { GroupRequestError, GroupsApi } from './groupsApi.js';
import { hostsSentence, membersFromText, membersToText, readableGroupError } from './membersField.js';
import './hostGroups.css';

const MEMBERS_HINT =
  'One per line, or separated by commas: saved session names, Host aliases of ~/.ssh/config (de1), user@host:port, ' +
  'or patterns such as isu0* matched against the Host aliases.';
const CONFIG_GROUP_NOTE = 'A wildcard Host line of ~/.ssh/config, shown read only: change it in ~/.ssh/config.';
const NO_GROUPS = 'No groups yet. New group makes one; a wildcard Host line in ~/.ssh/config (Host isu0*) is one too.';

let openDialog: HostGroupsDialog | null = null;

/** Open the page's one Host groups dialog (or bring it forward); `onClose` gives focus back to where it was. */
export function openHostGroups(onClose: () => void, api = new GroupsApi()): void {
  if (openDialog) return openDialog.focus();
  openDialog = new HostGroupsDialog(api, () => {
    openDialog = null;
    onClose();
  });
}

/** The form's own elements, kept while it is shown so a refusal never rebuilds it (and what was typed stays). */
interface GroupForm {
  /** The group being edited; none for a new one. */
  group?: Group;
  form: HTMLFormElement;
  name: HTMLInputElement;
  members: HTMLTextAreaElement;
  error: HTMLElement;
  busy: boolean;
}

class HostGroupsDialog {
  private readonly disposables = new DisposableStore();
  private readonly backdrop: HTMLElement;
  private readonly dialog: HTMLElement;
  private readonly status: HTMLElement;
  private readonly view: HTMLElement;
  private groups: Group[] = [];
  private editing: GroupForm | null = null;
  /** Set while a row asks "Delete …?": Escape answers it with "Keep it" instead of closing the dialog. */
  private keepIt: (() => void) | null = null;

  constructor(
    private readonly api: GroupsApi,
    private readonly onClose: () => void,
  ) {
    const titleId = uniqueId('groups-title');
    this.status = el('p', { class: 'groups-status', role: 'status' }, 'Loading groups…');
    this.view = el('div', { class: 'groups-view' });
    this.dialog = el(
      'div',
      { class: 'modal groups-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: '-1' },
      el('h2', { id: titleId }, 'Host groups'),
      this.status,
      this.view,
    );
    this.backdrop = el('div', { class: 'modal-backdrop groups-backdrop' }, this.dialog);
    document.body.append(this.backdrop);
    this.disposables.add(listen(this.dialog, 'keydown', (event) => this.onKey(event)));
    this.showList();
    void this.reload();
  }

  focus(): void {
    (focusableIn(this.view)[0] ?? this.dialog).focus();
  }

  private onKey(event: KeyboardEvent): void {
    // Keys typed here are the dialog's, not the page's shortcuts or the terminal's.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      if (this.keepIt) this.keepIt();
      else if (this.editing) this.cancelForm();
      else this.close();
    } else if (event.key === 'Tab') {
      keepTabInside(this.dialog, event);
    }
  }

  /** Ask the bridge again: the list shows what it keeps and what each group stands for now, not what this page sent. */
  private async reload(focusGroupId?: string): Promise<void> {
    try {
      this.groups = await this.api.list();
      if (this.status.textContent === 'Loading groups…') this.say('');
    } catch (error) {
      this.say(`Could not load the groups: ${messageOf(error)}`);
    }
    if (this.disposables.isDisposed || this.editing) return;
    this.showList(focusGroupId);
  }

  private showList(focusGroupId?: string): void {
    this.editing = null;
    this.keepIt = null;
    const list = el('ul', { class: 'groups-list', 'aria-label': 'Groups' }, ...this.groups.map((group) => this.groupItem(group)));
    const newGroup = el('button', { type: 'button', class: 'button button-primary' }, 'New group');
    const close = el('button', { type: 'button', class: 'button' }, 'Close');
    newGroup.addEventListener('click', () => this.showForm());
    close.addEventListener('click', () => this.close());
    this.view.replaceChildren(
      this.groups.length ? list : el('p', { class: 'groups-empty' }, NO_GROUPS),
      el('div', { class: 'groups-actions' }, newGroup, close),
    );
    const focusTarget = focusGroupId ? this.view.querySelector<HTMLElement>(`[data-group-id="${CSS.escape(focusGroupId)}"] button`) : null;
    // Only move focus the user left in the dialog (or on a control this redraw removed).
    if (!this.dialog.contains(document.activeElement) || document.activeElement === this.dialog || focusTarget) (focusTarget ?? newGroup).focus();
  }

  private groupItem(group: Group): HTMLElement {
    const nameId = uniqueId('group-name');
    const item = el(
      'li',
      { class: `group-item group-${group.source}`, 'data-group-id': group.id, 'aria-labelledby': nameId },
      el('h3', { class: 'group-name', id: nameId }, group.name),
      el('p', { class: 'group-hosts' }, hostsSentence(group.hosts.map((h) => h.target))),
    );
    if (group.source === 'ssh-config') {
      item.append(el('p', { class: 'group-read-only' }, CONFIG_GROUP_NOTE));
      return item;
    }
    item.append(el('p', { class: 'group-members' }, `Members: ${group.members.join(', ') || 'none'}`));
    const actions = el('div', { class: 'group-item-actions' });
    const showButtons = () => {
      const edit = el('button', { type: 'button', class: 'button', 'aria-label': `Edit ${group.name}` }, 'Edit');
      const remove = el('button', { type: 'button', class: 'button groups-danger', 'aria-label': `Delete ${group.name}` }, 'Delete');
      edit.addEventListener('click', () => this.showForm(group));
      remove.addEventListener('click', () => askDelete());
      actions.replaceChildren(edit, remove);
    };
    const askDelete = () => {
      const question = el('p', { class: 'groups-confirm', role: 'alert' }, `Delete the group “${group.name}”? Its hosts and saved sessions stay as they are.`);
      const keep = el('button', { type: 'button', class: 'button' }, 'Keep it');
      const confirm = el('button', { type: 'button', class: 'button groups-danger' }, 'Delete group');
      this.keepIt = () => {
        this.keepIt = null;
        showButtons();
        actions.querySelector<HTMLElement>('button')?.focus();
      };
      keep.addEventListener('click', () => this.keepIt?.());
      confirm.addEventListener('click', () => void this.remove(group, question));
      actions.replaceChildren(question, keep, confirm);
      keep.focus();
    };
    showButtons();
    item.append(actions);
    return item;
  }

  private async remove(group: Group, question: HTMLElement): Promise<void> {
    try {
      await this.api.remove(group.id);
    } catch (error) {
      if (error instanceof GroupRequestError && error.status === 404) {
        // Deleted elsewhere (another window, a script): the list catches up rather than offer it again.
        this.say(`Could not delete “${group.name}”: ${error.message}`);
        return this.reload();
      }
      // Still asked, with the bridge's reason: "Keep it" puts the buttons back.
      question.textContent = `Could not delete “${group.name}”: ${messageOf(error)}`;
      return;
    }
    this.keepIt = null;
    this.say(`Deleted the group “${group.name}”.`);
    await this.reload();
  }

  private showForm(group?: Group): void {
    this.keepIt = null;
    // "Saved …" or "Deleted …" was about the list; beside the form it would read as this form's answer.
    this.say('');
    const ids = { name: uniqueId('group-name-field'), members: uniqueId('group-members-field'), hint: uniqueId('group-members-hint'), error: uniqueId('group-form-error') };
    const name = el('input', { id: ids.name, class: 'text-input', type: 'text', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', 'aria-describedby': ids.error });
    name.value = group?.name ?? '';
    const members = el('textarea', {
      id: ids.members,
      class: 'text-input groups-members',
      rows: '6',
      spellcheck: 'false',
      autocapitalize: 'off',
      autocomplete: 'off',
      placeholder: 'de1\nisu0*\nalice@10.0.0.5:2222',
      'aria-describedby': `${ids.hint} ${ids.error}`,
    });
    members.value = group ? membersToText(group.members) : '';
    const error = el('p', { id: ids.error, class: 'groups-form-error', role: 'alert', hidden: true });
    const save = el('button', { type: 'submit', class: 'button button-primary' }, 'Save');
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.cancelForm());
    const form = el(
      'form',
      { class: 'groups-form', novalidate: true, autocomplete: 'off', 'aria-label': group ? `Edit ${group.name}` : 'New group' },
      el('h3', { class: 'groups-form-title' }, group ? `Edit “${group.name}”` : 'New group'),
      el('label', { for: ids.name }, 'Group name'),
      name,
      el('label', { for: ids.members }, 'Members'),
      members,
      el('p', { id: ids.hint, class: 'groups-hint' }, MEMBERS_HINT),
      // The bridge offers no way to expand members before they are saved: the list shows what they stand for after Save.
      group ? el('p', { class: 'groups-hint' }, `As saved, it stands for ${group.hosts.length ? hostsSentence(group.hosts.map((h) => h.target)) : 'no hosts'}. After Save, the list shows what the members stand for then.`) : null,
      error,
      el('div', { class: 'groups-actions' }, save, cancel),
    );
    const editing: GroupForm = { form, name, members, error, busy: false, ...(group ? { group } : {}) };
    this.editing = editing;
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // the page never navigates (and its CSP forbids form actions)
      void this.save(editing);
    });
    this.view.replaceChildren(form);
    name.focus();
  }

  private async save(editing: GroupForm): Promise<void> {
    if (editing.busy) return;
    editing.busy = true;
    editing.form.setAttribute('aria-busy', 'true');
    // The name goes as typed: the bridge trims it and says what is wrong with it, in one place for the page and scripts.
    const input: GroupInput = { name: editing.name.value, members: membersFromText(editing.members.value) };
    let saved: Group;
    try {
      saved = editing.group ? await this.api.replace(editing.group.id, input) : await this.api.create(input);
    } catch (error) {
      this.showFormError(editing, messageOf(error));
      return;
    } finally {
      editing.busy = false;
      editing.form.removeAttribute('aria-busy');
    }
    // Saved even if the form was cancelled meanwhile: the list must show it either way.
    if (this.editing === editing) this.editing = null;
    this.say(`Saved “${saved.name}”: ${hostsSentence(saved.hosts.map((h) => h.target))}`);
    await this.reload(saved.id);
  }

  /** The sentence beside the form, the field it names marked and focused; the fields keep what was typed. */
  private showFormError(editing: GroupForm, message: string): void {
    const sentence = readableGroupError(message);
    editing.error.textContent = sentence;
    editing.error.hidden = false;
    const field = /^Members\b/.test(sentence) ? editing.members : /^Group name\b|^A group named\b/.test(sentence) ? editing.name : null;
    for (const input of [editing.name, editing.members]) {
      if (input === field) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    field?.focus();
  }

  private cancelForm(): void {
    const group = this.editing?.group;
    this.editing = null;
    this.showList(group?.id);
  }

  private say(sentence: string): void {
    this.status.textContent = sentence;
  }

  close(): void {
    this.disposables.dispose();
    this.backdrop.remove();
    this.onClose();
  }
}

function messageOf(error: unknown): string {
  return error instanceof GroupRequestError ? error.message : 'Something went wrong; try again.';
}
