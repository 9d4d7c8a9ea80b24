// The dialog that creates, edits (and renames) or deletes a saved session; the checks and mapping live in form.ts.
import { MAX_SIMULATED_RTT_MS, SESSION_COLORS, type AuthMethod, type DurableMode, type PredictiveEchoMode, type SavedSessionInput } from '../../shared/savedSessions.js';
import { Modal } from '../dialogs/modal.js';
import type { Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { ApiRequestError } from './api.js';
import { PALETTE, isPaletteColor } from './colors.js';
import { fieldOfApiError, LABEL_HINT, SIMULATED_RTT_HINT, sessionInputFrom, type FormErrors, type SessionFormField, type SessionFormValues } from './form.js';
import './savedSessions.css';

export interface SessionDialogActions {
  /** Create or replace; rejects with ApiRequestError when the bridge refuses (its sentence is shown). */
  save(input: SavedSessionInput): Promise<unknown>;
  /** Only when editing a saved session. */
  remove?(): Promise<unknown>;
  /** The dialog is done (saved, deleted or cancelled). */
  close(): void;
}

const AUTH_CHOICES: [AuthMethod, string][] = [
  ['agent', 'SSH agent'],
  ['key-file', 'Key file'],
  ['password', 'Ask for a password'],
];
const ECHO_CHOICES: [PredictiveEchoMode, string][] = [
  ['auto', 'Auto'],
  ['always', 'Always'],
  ['never', 'Never'],
];
const DURABLE_CHOICES: [DurableMode, string][] = [
  ['auto', 'In tmux on the host, if it has it'],
  ['off', 'Ends with longhaul'],
];
const SHELL_INTEGRATION_HINT =
  'Shell integration: type one line into each new bash or zsh so it marks its prompts (the first key of a line then shows at once) and says its folder (uploads go there); nothing is saved on the host';
/** The human name of each field, so a bridge sentence about `commandOnConnect` reads as the form's label. */
const FIELD_LABELS: Record<SessionFormField, string> = {
  name: 'Name',
  target: 'Target',
  auth: 'Authentication',
  keyFile: 'Key file',
  predictiveEcho: 'Predictive echo',
  halfDuplex: 'Half-duplex',
  keepConnected: 'Keep connected',
  durable: 'Shell',
  keepRunningWhenClosed: 'Keep running when closed',
  shellIntegration: 'Shell integration',
  color: 'Colour',
  label: 'Tab label',
  commandOnConnect: 'Command on connect',
  jumpHost: 'Jump host',
  simulatedRttMs: 'Simulated round trip (ms)',
};

/** "label must be 1 to 8 characters" → "Tab label must be 1 to 8 characters." */
export function readableApiError(message: string): string {
  const field = fieldOfApiError(message);
  const text = field ? FIELD_LABELS[field] + message.slice(field.length) : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export class SessionDialog implements Disposable {
  private readonly modal: Modal;
  private readonly form: HTMLFormElement;
  private readonly formError: HTMLElement;
  private readonly fields = new Map<SessionFormField, { input: HTMLElement; error: HTMLElement }>();
  private readonly inputs: {
    name: HTMLInputElement;
    target: HTMLInputElement;
    auth: HTMLSelectElement;
    keyFile: HTMLInputElement;
    predictiveEcho: HTMLSelectElement;
    halfDuplex: HTMLInputElement;
    keepConnected: HTMLInputElement;
    durable: HTMLSelectElement;
    keepRunningWhenClosed: HTMLInputElement;
    shellIntegration: HTMLInputElement;
    label: HTMLInputElement;
    commandOnConnect: HTMLInputElement;
    jumpHost: HTMLInputElement;
    simulatedRttMs: HTMLInputElement;
    customColor: HTMLInputElement;
  };
  private readonly colorGroup: HTMLElement;
  private readonly keyFileField: HTMLElement;
  private readonly buttons: HTMLElement;
  private busy = false;

  constructor(
    host: HTMLElement,
    title: string,
    values: SessionFormValues,
    private readonly actions: SessionDialogActions,
  ) {
    this.modal = new Modal(host, { title, onCancel: () => actions.close(), className: 'session-dialog' });
    const formId = uniqueId('session-form');
    this.form = el('form', { id: formId, class: 'session-form', autocomplete: 'off', novalidate: true });
    const text = (value: string, attrs: Record<string, string> = {}) =>
      el('input', { class: 'text-input', type: 'text', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', value, ...attrs });
    const select = (choices: [string, string][], value: string) => {
      const element = el('select', { class: 'text-input' }, ...choices.map(([v, label]) => el('option', { value: v }, label)));
      element.value = value;
      return element;
    };

    this.inputs = {
      name: text(values.name),
      target: text(values.target, { placeholder: 'de1 or user@host:port' }),
      auth: select(AUTH_CHOICES, values.auth),
      keyFile: text(values.keyFile, { placeholder: '~/.ssh/id_ed25519' }),
      predictiveEcho: select(ECHO_CHOICES, values.predictiveEcho),
      halfDuplex: el('input', { type: 'checkbox', checked: values.halfDuplex }),
      keepConnected: el('input', { type: 'checkbox', checked: values.keepConnected }),
      durable: select(DURABLE_CHOICES, values.durable),
      keepRunningWhenClosed: el('input', { type: 'checkbox', checked: values.keepRunningWhenClosed }),
      shellIntegration: el('input', { type: 'checkbox', checked: values.shellIntegration }),
      label: text(values.label, { placeholder: 'NS1' }),
      commandOnConnect: text(values.commandOnConnect, { placeholder: 'tmux attach || tmux' }),
      jumpHost: text(values.jumpHost, { placeholder: 'bastion' }),
      simulatedRttMs: el('input', {
        class: 'text-input',
        type: 'number',
        inputmode: 'numeric',
        min: '0',
        max: String(MAX_SIMULATED_RTT_MS),
        step: '1',
        placeholder: '250',
        value: values.simulatedRttMs,
      }),
      customColor: el('input', { type: 'color', class: 'color-custom', 'aria-label': 'Custom colour', value: values.color.startsWith('#') ? values.color : '#1e90ff' }),
    };

    this.formError = el('p', { class: 'form-error', role: 'alert', hidden: true });
    this.colorGroup = this.colorChoices(values.color);
    this.keyFileField = this.field('keyFile', this.inputs.keyFile);
    this.form.append(
      this.formError,
      this.field('name', this.inputs.name),
      this.field('target', this.inputs.target, 'A Host from ~/.ssh/config, or user@host:port.'),
      el('div', { class: 'field-row' }, this.field('auth', this.inputs.auth), this.field('predictiveEcho', this.inputs.predictiveEcho)),
      this.keyFileField,
      this.checkbox('halfDuplex', this.inputs.halfDuplex, 'Start in half-duplex mode'),
      this.checkbox('keepConnected', this.inputs.keepConnected, 'Keep connected: log in when longhaul starts, so the first tab opens at once (the agent or a key without passphrase)'),
      this.field('durable', this.inputs.durable, 'In tmux, a shell outlives a cut connection and a restart of longhaul.'),
      this.checkbox('keepRunningWhenClosed', this.inputs.keepRunningWhenClosed, 'Keep its shell running on the host when its tab is closed (a new tab lists it)'),
      this.checkbox('shellIntegration', this.inputs.shellIntegration, SHELL_INTEGRATION_HINT),
      this.colorGroup,
      this.field('label', this.inputs.label, LABEL_HINT),
      this.field('commandOnConnect', this.inputs.commandOnConnect, 'Typed into the shell once it starts (not when a tab reattaches).'),
      this.field('jumpHost', this.inputs.jumpHost, 'Optional: reach the target through this host, like ssh -J.'),
      this.field('simulatedRttMs', this.inputs.simulatedRttMs, SIMULATED_RTT_HINT),
    );
    this.inputs.auth.addEventListener('change', () => this.showKeyFile());
    this.showKeyFile();
    this.form.addEventListener('submit', (event) => {
      event.preventDefault(); // the page never navigates (and its CSP forbids form actions)
      void this.submit();
    });
    this.modal.body.append(this.form);

    this.buttons = this.modal.actions;
    this.showButtons(formId);
  }

  private field(name: SessionFormField, input: HTMLElement, hint?: string): HTMLElement {
    const id = uniqueId(`session-${name}`);
    const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const hintElement = hint ? el('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null;
    input.id = id;
    input.setAttribute('aria-describedby', [hintElement?.id, error.id].filter(Boolean).join(' '));
    this.fields.set(name, { input, error });
    return el('div', { class: 'field' }, el('label', { for: id }, FIELD_LABELS[name]), input, hintElement, error);
  }

  private checkbox(name: SessionFormField, input: HTMLInputElement, label: string): HTMLElement {
    const id = uniqueId(`session-${name}`);
    const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    input.id = id;
    this.fields.set(name, { input, error });
    return el('div', { class: 'field field-check' }, input, el('label', { for: id }, label), error);
  }

  /** The palette as radio buttons (each named), "Automatic" for a new session, and a custom colour. */
  private colorChoices(current: string): HTMLElement {
    const group = uniqueId('session-color');
    const radio = (value: string, label: string, swatch?: string) => {
      const input = el('input', { type: 'radio', name: group, value, 'aria-label': label, class: 'color-radio', checked: current === value || (value === 'custom' && current.startsWith('#')) });
      if (swatch) input.style.setProperty('--swatch', swatch);
      return input;
    };
    const error = el('p', { class: 'field-error', id: `${group}-error`, hidden: true });
    const automatic = radio('', 'Automatic');
    const custom = radio('custom', 'Custom colour');
    custom.classList.add('color-radio-custom');
    this.inputs.customColor.addEventListener('input', () => (custom.checked = true));
    const fieldset = el(
      'fieldset',
      { class: 'field color-field', 'aria-describedby': error.id },
      el('legend', {}, 'Colour'),
      el('div', { class: 'color-choices' },
        automatic,
        ...SESSION_COLORS.map((name) => radio(name, name, PALETTE[name])),
        custom,
        this.inputs.customColor,
      ),
      error,
    );
    // "Automatic" is the bridge's least-used colour: only for a new session (an edit keeps or changes a colour).
    automatic.hidden = current !== '';
    this.fields.set('color', { input: fieldset, error });
    return fieldset;
  }

  private showKeyFile(): void {
    this.keyFileField.hidden = this.inputs.auth.value !== 'key-file';
  }

  private values(): SessionFormValues {
    const chosen = this.colorGroup.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? '';
    const color = chosen === 'custom' ? this.inputs.customColor.value : chosen;
    return {
      name: this.inputs.name.value,
      target: this.inputs.target.value,
      auth: this.inputs.auth.value as AuthMethod,
      keyFile: this.inputs.keyFile.value,
      predictiveEcho: this.inputs.predictiveEcho.value as PredictiveEchoMode,
      halfDuplex: this.inputs.halfDuplex.checked,
      keepConnected: this.inputs.keepConnected.checked,
      durable: this.inputs.durable.value as DurableMode,
      keepRunningWhenClosed: this.inputs.keepRunningWhenClosed.checked,
      shellIntegration: this.inputs.shellIntegration.checked,
      color: isPaletteColor(color) || /^#[0-9a-fA-F]{6}$/.test(color) ? color : '',
      label: this.inputs.label.value,
      commandOnConnect: this.inputs.commandOnConnect.value,
      jumpHost: this.inputs.jumpHost.value,
      // A number field reports text it cannot read ("1e", "-") as empty; pass it on as text so it is refused, not dropped.
      simulatedRttMs: this.inputs.simulatedRttMs.validity.badInput ? '?' : this.inputs.simulatedRttMs.value,
    };
  }

  private showErrors(errors: FormErrors, summary?: string): void {
    for (const [name, { input, error }] of this.fields) {
      const message = errors[name];
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    this.formError.textContent = summary ?? '';
    this.formError.hidden = !summary;
    const first = [...this.fields.entries()].find(([name]) => errors[name])?.[1].input;
    (first instanceof HTMLFieldSetElement ? first.querySelector<HTMLElement>('input:checked') : first)?.focus();
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    const checked = sessionInputFrom(this.values());
    if ('errors' in checked) {
      this.showErrors(checked.errors, 'Some fields need attention.');
      return;
    }
    await this.run(() => this.actions.save(checked.input));
  }

  /** Run a request; on success the dialog closes, on refusal the bridge's sentence is shown beside the form. */
  private async run(request: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.form.setAttribute('aria-busy', 'true');
    try {
      await request();
      this.actions.close();
    } catch (error) {
      const message = error instanceof ApiRequestError ? error.message : 'Something went wrong; try again.';
      const field = fieldOfApiError(message);
      const sentence = readableApiError(message);
      this.showErrors(field ? { [field]: sentence } : {}, sentence);
    } finally {
      this.busy = false;
      this.form.removeAttribute('aria-busy');
    }
  }

  private showButtons(formId: string): void {
    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.actions.close());
    const save = el('button', { type: 'submit', form: formId, class: 'button button-primary' }, 'Save');
    const remove = this.actions.remove;
    if (remove) {
      const del = el('button', { type: 'button', class: 'button button-danger dialog-action-start' }, 'Delete');
      del.addEventListener('click', () => this.confirmDelete(formId, remove));
      this.buttons.replaceChildren(del, cancel, save);
    } else {
      this.buttons.replaceChildren(cancel, save);
    }
  }

  private confirmDelete(formId: string, remove: () => Promise<unknown>): void {
    const name = this.inputs.name.value.trim() || 'this session';
    const question = el('p', { class: 'confirm-question dialog-action-start', role: 'alert' }, `Delete “${name}”? Open tabs stay open.`);
    const keep = el('button', { type: 'button', class: 'button' }, 'Keep it');
    keep.addEventListener('click', () => {
      this.showButtons(formId);
      this.form.querySelector<HTMLElement>('input')?.focus();
    });
    const confirm = el('button', { type: 'button', class: 'button button-danger' }, 'Delete session');
    confirm.addEventListener('click', () => void this.run(remove));
    this.buttons.replaceChildren(question, keep, confirm);
    keep.focus();
  }

  focus(): void {
    this.modal.focus(this.inputs.name);
  }

  dispose(): void {
    this.modal.dispose();
  }
}
