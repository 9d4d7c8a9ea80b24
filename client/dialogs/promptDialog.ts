// Asks for a passphrase, password or keyboard-interactive answers; the values leave the page once and are not kept.
import { MAX_PROMPT_ANSWER_LENGTH, type ServerMessageOf } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { Modal } from './modal.js';

export type SecretPrompt = ServerMessageOf<'prompt'>;

const DEFAULT_TITLES: Record<SecretPrompt['kind'], string> = {
  passphrase: 'Key passphrase',
  password: 'Password',
  'keyboard-interactive': 'The host asks:',
};

/** Said in longhaul's words above a host's question, so its text cannot pass for longhaul's own. */
export const HOST_WORDS_NOTE = 'The words below come from the host, not from longhaul.';

/** Whose words a prompt's text is: longhaul's own questions, or the host's (keyboard-interactive), shown quoted. */
export const isHostQuestion = (prompt: Pick<SecretPrompt, 'kind'>): boolean => prompt.kind === 'keyboard-interactive';

export class PromptDialog implements Disposable {
  private readonly modal: Modal;
  private readonly inputs: HTMLInputElement[] = [];
  private answered = false;

  constructor(host: HTMLElement, prompt: SecretPrompt, onAnswer: (answers: string[] | null) => void) {
    const answer = (answers: string[] | null) => {
      if (this.answered) return;
      this.answered = true;
      // Clear the fields at once, so the secret does not linger in the DOM.
      for (const input of this.inputs) input.value = '';
      onAnswer(answers);
    };
    const fromHost = isHostQuestion(prompt);
    this.modal = new Modal(host, {
      title: prompt.title.trim() || DEFAULT_TITLES[prompt.kind],
      onCancel: () => answer(null),
      className: fromHost ? 'prompt-dialog host-question' : 'prompt-dialog',
    });

    const formId = uniqueId('prompt-form');
    const form = el('form', { id: formId, class: 'prompt-form', autocomplete: 'off' });
    if (fromHost) {
      // Everything the host wrote sits in one quoted box, under a sentence in longhaul's words that says so.
      const quoted = el('blockquote', { class: 'host-words', 'aria-label': 'The host’s words' });
      const name = prompt.hostName?.trim();
      if (name) quoted.append(el('p', { class: 'host-words-name' }, name));
      if (prompt.instructions.trim()) quoted.append(el('p', { class: 'host-words-text' }, prompt.instructions.trim()));
      form.append(el('p', { class: 'host-words-note' }, HOST_WORDS_NOTE));
      if (quoted.childElementCount > 0) {
        this.modal.describeBy(quoted);
        form.append(quoted);
      }
    } else if (prompt.instructions.trim()) {
      const instructions = el('p', { class: 'prompt-instructions' }, prompt.instructions.trim());
      this.modal.describeBy(instructions);
      form.append(instructions);
    }
    prompt.prompts.forEach((question, index) => {
      const inputId = uniqueId('prompt-input');
      const input = el('input', {
        id: inputId,
        class: 'text-input',
        type: question.echo ? 'text' : 'password',
        autocomplete: 'off',
        spellcheck: 'false',
        autocapitalize: 'off',
        maxlength: String(MAX_PROMPT_ANSWER_LENGTH),
      });
      this.inputs.push(input);
      const text = question.text.trim();
      const ownWords = prompt.prompts.length > 1 ? `Answer ${index + 1}` : 'Answer';
      // A host's prompt is its words too: quoted, in the host's style, inside the label.
      const label = fromHost && text
        ? el('label', { for: inputId }, '“', el('span', { class: 'host-words-prompt' }, text), '”')
        : el('label', { for: inputId }, text || ownWords);
      form.append(el('div', { class: 'field' }, label, input));
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // the page never navigates (and its CSP forbids form actions)
      answer(this.inputs.map((input) => input.value));
    });
    this.modal.body.append(form);

    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => answer(null));
    // A submit button tied to the form makes Enter in any field submit it.
    const ok = el('button', { type: 'submit', form: formId, class: 'button button-primary' }, 'OK');
    this.modal.actions.append(cancel, ok);
  }

  focus(): void {
    this.modal.focus(this.inputs[0]);
  }

  dispose(): void {
    for (const input of this.inputs) input.value = '';
    this.modal.dispose();
  }
}
