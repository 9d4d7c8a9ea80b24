// Asks before opening a terminal link that does not go where it reads, or that points at a private address, showing its full target.
import { reasonSentence, type LinkReason } from '../terminal/linkPolicy.js';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { Modal } from './modal.js';

export interface LinkQuestion {
  /** Where the link goes, in full. */
  url: string;
  /** `host:port` of the target, for the sentences. */
  host: string;
  /** What the terminal shows for the link. */
  text: string;
  reasons: LinkReason[];
}

export class LinkDialog implements Disposable {
  private readonly modal: Modal;
  private readonly cancelButton: HTMLButtonElement;
  private answered = false;

  constructor(host: HTMLElement, question: LinkQuestion, onAnswer: (open: boolean) => void) {
    const answer = (open: boolean) => {
      if (this.answered) return;
      this.answered = true;
      onAnswer(open);
    };
    this.modal = new Modal(host, { title: 'Open this link?', onCancel: () => answer(false), className: 'link-dialog' });
    const intro = el('p', {}, 'A program on the host printed this link. It goes to:');
    this.modal.describeBy(intro);
    // The whole target, selectable, wrapped anywhere: nothing of it is hidden behind an ellipsis.
    const target = el('p', { class: 'link-target' }, el('code', {}, question.url));
    const reasons = el('ul', { class: 'link-reasons' }, ...question.reasons.map((reason) => el('li', {}, reasonSentence(reason, question.text, question.host))));
    this.modal.body.append(intro, target, reasons);

    this.cancelButton = el('button', { type: 'button', class: 'button' }, 'Cancel');
    const open = el('button', { type: 'button', class: 'button button-primary' }, 'Open link');
    this.cancelButton.addEventListener('click', () => answer(false));
    open.addEventListener('click', () => answer(true));
    this.modal.actions.append(this.cancelButton, open);
  }

  /** Cancel takes focus: Enter alone must not open a link the user has not read. */
  focus(): void {
    this.modal.focus(this.cancelButton);
  }

  dispose(): void {
    this.modal.dispose();
  }
}
