// Asks whether to trust a host key seen for the first time, showing it exactly as ssh-keygen -lf prints it.
import type { ServerMessageOf } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { Modal } from './modal.js';

export type HostKeyQuestion = ServerMessageOf<'host-key'>;

export class HostKeyDialog implements Disposable {
  private readonly modal: Modal;
  private answered = false;

  constructor(host: HTMLElement, question: HostKeyQuestion, onAnswer: (trust: boolean) => void) {
    const answer = (trust: boolean) => {
      if (this.answered) return;
      this.answered = true;
      onAnswer(trust);
    };
    this.modal = new Modal(host, { title: `First connection to ${question.target}`, onCancel: () => answer(false), className: 'host-key-dialog' });

    const intro = el(
      'p',
      {},
      `This is the first connection to ${question.target}, so longhaul cannot yet tell whether this key really is its key. ` +
        'Compare the fingerprint with the one the host shows (ssh-keygen -lf on its host key) before you trust it; longhaul will remember it.',
    );
    this.modal.describeBy(intro);
    // The fields are shown exactly as sent, in their own elements, so they can be selected and compared.
    const details = el(
      'dl',
      { class: 'key-details' },
      el('dt', {}, 'Host'),
      el('dd', {}, el('code', {}, question.hostId)),
      el('dt', {}, 'Key type'),
      el('dd', {}, el('code', {}, question.keyType)),
      el('dt', {}, 'Fingerprint'),
      el('dd', {}, el('code', { class: 'fingerprint' }, question.fingerprint)),
    );
    this.modal.body.append(intro, details);
    if (question.note) this.modal.body.append(el('p', { class: 'dialog-note' }, question.note));

    const cancel = el('button', { type: 'button', class: 'button' }, 'Cancel');
    const trust = el('button', { type: 'button', class: 'button button-primary' }, 'Trust and connect');
    cancel.addEventListener('click', () => answer(false));
    trust.addEventListener('click', () => answer(true));
    this.modal.actions.append(cancel, trust);
  }

  /** The dialog itself takes focus, not a button: Enter alone must not trust a key. */
  focus(): void {
    this.modal.focus();
  }

  dispose(): void {
    this.modal.dispose();
  }
}
