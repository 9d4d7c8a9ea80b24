// A modal dialog over one tab: backdrop, title, focus kept inside, Escape cancels, removed from the page when done.
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { keepTabInside } from './focusTrap.js';
import './dialogs.css';

export interface ModalOptions {
  title: string;
  /** Escape (and nothing else) cancels; the caller decides what cancelling means. */
  onCancel(): void;
  className?: string;
}

/**
 * The dialog lives inside its tab's panel, not over the whole page: a background tab can ask a
 * question without hijacking the tab the user is looking at, and the tab strip stays usable.
 */
export class Modal implements Disposable {
  readonly dialog: HTMLElement;
  readonly body: HTMLElement;
  readonly actions: HTMLElement;
  private readonly backdrop: HTMLElement;
  private readonly disposables = new DisposableStore();

  constructor(host: HTMLElement, options: ModalOptions) {
    const titleId = uniqueId('dialog-title');
    this.body = el('div', { class: 'dialog-body' });
    this.actions = el('div', { class: 'dialog-actions' });
    this.dialog = el(
      'div',
      { class: `dialog ${options.className ?? ''}`.trim(), role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId, tabindex: '-1' },
      el('h2', { class: 'dialog-title', id: titleId }, options.title),
      this.body,
      this.actions,
    );
    this.backdrop = el('div', { class: 'dialog-backdrop' }, this.dialog);
    host.append(this.backdrop);

    this.disposables.add(
      listen(this.dialog, 'keydown', (event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          options.onCancel();
        } else if (event.key === 'Tab') {
          keepTabInside(this.dialog, event);
        }
      }),
    );
  }

  describeBy(element: HTMLElement): void {
    element.id ||= uniqueId('dialog-description');
    this.dialog.setAttribute('aria-describedby', element.id);
  }

  /** Focus `target`, or the dialog itself so a screen reader reads it and Tab reaches the buttons. */
  focus(target?: HTMLElement | null): void {
    (target ?? this.dialog).focus();
  }

  dispose(): void {
    this.disposables.dispose();
    this.backdrop.remove();
  }
}
