// The line a tab shows while it connects: what is happening now ("Authenticating…") and the bridge's detail.
import type { ServerMessageOf } from '../../shared/protocol.js';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import './connectingStatus.css';

/** What another tab's login is asking its user while this tab waits for that login. */
export type LoginWait = NonNullable<ServerMessageOf<'status'>['waitingFor']>;

/** A tab of this page that is asking for the login another tab waits on. */
export interface AskingTab {
  /** Its place in the tab strip, from 1 (as Alt+1…9 count). */
  number: number;
  /** Bring it to the front. */
  show(): void;
}

const ASKING: Record<LoginWait, string> = {
  'host-key': 'to trust the host key',
  password: 'for a password',
  passphrase: 'for a key passphrase',
  'keyboard-interactive': 'for an answer from the host',
  login: '',
};

/** The detail line when the tab asking is one of this page's: named, with what it asks. */
export function waitingInTabSentence(target: string, tab: AskingTab, asking: LoginWait): string {
  return `Waiting for the login to ${target} in tab ${tab.number}${ASKING[asking] ? ` (it is asking ${ASKING[asking]})` : ''}.`;
}

export class ConnectingStatus implements Disposable {
  private readonly element: HTMLElement;
  private readonly headline: HTMLElement;
  private readonly detail: HTMLElement;
  /** Shown while another tab of this page asks for the login this one waits on. */
  private readonly showAsking: HTMLButtonElement;
  private asking: AskingTab | undefined;

  constructor(host: HTMLElement) {
    this.headline = el('p', { class: 'connecting-headline' });
    this.detail = el('p', { class: 'connecting-detail' });
    this.showAsking = el('button', { type: 'button', class: 'button connecting-show-tab', hidden: true }, 'Go to that tab');
    this.showAsking.addEventListener('click', () => this.asking?.show());
    this.element = el(
      'div',
      { class: 'connecting', role: 'status', hidden: true },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      el('div', {}, this.headline, this.detail),
      this.showAsking,
    );
    host.append(this.element);
  }

  show(headline: string, detail?: string): void {
    this.headline.textContent = headline;
    this.detail.textContent = detail ?? '';
    this.detail.hidden = !detail;
    this.asking = undefined;
    this.showAsking.hidden = true;
    this.element.hidden = false;
  }

  /** Waiting on another tab's login: name that tab when it is one of this page's, with a button to go there. */
  showWaiting(headline: string, detail: string, target: string, asking: LoginWait, tab: AskingTab | undefined): void {
    this.show(headline, tab ? waitingInTabSentence(target, tab, asking) : detail);
    this.asking = tab;
    this.showAsking.hidden = !tab;
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
