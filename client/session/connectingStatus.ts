// The line a tab shows while it connects: what is happening now ("Authenticating…") and the bridge's detail.
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';

export class ConnectingStatus implements Disposable {
  private readonly element: HTMLElement;
  private readonly headline: HTMLElement;
  private readonly detail: HTMLElement;

  constructor(host: HTMLElement) {
    this.headline = el('p', { class: 'connecting-headline' });
    this.detail = el('p', { class: 'connecting-detail' });
    this.element = el(
      'div',
      { class: 'connecting', role: 'status', hidden: true },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      el('div', {}, this.headline, this.detail),
    );
    host.append(this.element);
  }

  show(headline: string, detail?: string): void {
    this.headline.textContent = headline;
    this.detail.textContent = detail ?? '';
    this.detail.hidden = !detail;
    this.element.hidden = false;
  }

  get text(): string {
    return this.element.hidden ? '' : [this.headline.textContent, this.detail.textContent].filter(Boolean).join(' — ');
  }

  hide(): void {
    this.element.hidden = true;
  }

  dispose(): void {
    this.element.remove();
  }
}
