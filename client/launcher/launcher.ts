// The "new tab" page: a Connect to field (and the ssh-config hosts as one-click choices).
import { MAX_TARGET_LENGTH } from '../../shared/protocol.js';
import { el } from '../util/dom.js';

/**
 * One launcher serves every new tab: it moves into whichever new tab is showing, so the page never
 * holds two "Connect to" fields. Each tab keeps its own unfinished text (its draft).
 */
export class Launcher {
  private readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly hosts: HTMLElement;
  private readonly hostList: HTMLElement;
  private readonly closed: HTMLElement;
  private readonly closedList: HTMLElement;

  constructor(
    private readonly onConnect: (target: string) => void,
    hostAliases: Promise<string[]>,
  ) {
    this.input = el('input', {
      id: 'connect-to',
      class: 'text-input launcher-input',
      type: 'text',
      placeholder: 'de1 or user@host:port',
      autocomplete: 'off',
      spellcheck: 'false',
      autocapitalize: 'off',
      maxlength: String(MAX_TARGET_LENGTH),
      'aria-describedby': 'connect-hint',
    });
    const form = el(
      'form',
      { class: 'launcher-form', autocomplete: 'off' },
      el('label', { for: 'connect-to', class: 'launcher-label' }, 'Connect to'),
      this.input,
      el('p', { id: 'connect-hint', class: 'launcher-hint' }, 'A Host from your ~/.ssh/config, or user@host:port. Press Enter to connect.'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault(); // the page never navigates (and its CSP forbids form actions)
      this.submit(this.input.value);
    });
    this.hostList = el('div', { class: 'launcher-host-list' });
    this.hosts = el('div', { class: 'launcher-hosts', hidden: true }, el('p', { class: 'launcher-hosts-label' }, 'Hosts in ~/.ssh/config'), this.hostList);
    // issue 5: tabs closed recently, whose shells are still running on the bridge.
    this.closedList = el('ul', { class: 'launcher-closed-list' });
    this.closed = el('section', { class: 'launcher-closed', hidden: true, 'aria-label': 'Recently closed' }, el('p', { class: 'launcher-hosts-label' }, 'Recently closed — still running, reopen to continue'), this.closedList);
    this.element = el('div', { class: 'launcher' }, el('div', { class: 'launcher-box' }, form, this.hosts, this.closed));
    void hostAliases.then((aliases) => this.offer(aliases));
  }

  private submit(text: string): void {
    const target = text.trim();
    if (!target) {
      this.input.focus();
      return;
    }
    this.onConnect(target);
  }

  private offer(aliases: string[]): void {
    this.hostList.replaceChildren(
      ...aliases.map((alias) => {
        const button = el('button', { type: 'button', class: 'host-chip' }, alias);
        button.addEventListener('click', () => this.submit(alias));
        return button;
      }),
    );
    this.hosts.hidden = aliases.length === 0;
  }

  /** issue 5: list recently closed tabs; choosing one reopens it. */
  showRecentlyClosed(tabs: { sessionId: string; title: string; target: string; closedAt: number }[], reopen: (sessionId: string) => void, now = Date.now()): void {
    this.closedList.replaceChildren(
      ...tabs.map((tab) => {
        const minutes = Math.max(0, Math.round((now - tab.closedAt) / 60_000));
        const when = minutes === 0 ? 'just now' : `${minutes} min ago`;
        const button = el('button', { type: 'button', class: 'closed-tab' }, `${tab.title}`, el('span', { class: 'closed-tab-when' }, ` · ${tab.target} · closed ${when}`));
        button.addEventListener('click', () => reopen(tab.sessionId));
        return el('li', {}, button);
      }),
    );
    this.closed.hidden = tabs.length === 0;
  }

  /** Show the launcher in a tab's panel with that tab's draft. */
  mount(panel: HTMLElement, draft: string): void {
    panel.append(this.element);
    this.input.value = draft;
  }

  unmount(): void {
    this.element.remove();
  }

  get draft(): string {
    return this.input.value;
  }

  focus(): void {
    this.input.focus();
  }
}
