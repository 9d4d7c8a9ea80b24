// The tab strip: ARIA tabs with close buttons, a New tab button, and arrow-key movement within the list.
import type { TabState } from './tabState.js';
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import type { SessionLook } from '../savedSessions/tabLook.js';

export interface TabStripItem {
  id: string;
  title: string;
  state: TabState;
  active: boolean;
  /** Tooltip: what the tab is doing. */
  detail: string;
  /** half-duplex (issue 4): the tab is in half-duplex mode (its indicator says so). */
  halfDuplex?: boolean;
  /** issue 5: opened from a saved session: its label and colour are shown on the tab. */
  look?: SessionLook;
}

export type TabMove = 'next' | 'previous' | 'first' | 'last';

export interface TabStripEvents {
  /** A click (focus moves into the tab's content) or Enter/Space on a focused tab. */
  onActivate(id: string): void;
  /** An arrow key, Home or End in the tab list (focus stays in the list, per the ARIA tabs pattern). */
  onMove(move: TabMove): void;
  /** A close button or middle click (focus moves into content), or Delete in the list (focus stays in it). */
  onClose(id: string, focus: 'content' | 'tab'): void;
  onNewTab(): void;
  /** issue 5: reopen the most recently closed tab. */
  onReopenClosed(): void;
}

interface TabElements {
  tab: HTMLElement;
  title: HTMLElement;
  label: HTMLElement;
}

export class TabStrip implements Disposable {
  private readonly list: HTMLElement;
  private readonly tabs = new Map<string, TabElements>();
  private readonly disposables = new DisposableStore();
  private readonly reopen: HTMLButtonElement;

  constructor(
    host: HTMLElement,
    private readonly events: TabStripEvents,
  ) {
    this.list = el('div', { class: 'tablist', role: 'tablist', 'aria-label': 'Terminals' });
    const newTab = el(
      'button',
      { type: 'button', class: 'new-tab', 'aria-label': 'New tab', title: 'New tab (Alt+Shift+N)' },
      el('span', { 'aria-hidden': 'true' }, '+'),
    );
    this.reopen = el(
      'button',
      { type: 'button', class: 'reopen-tab', 'aria-label': 'Reopen closed tab', title: 'Reopen closed tab (Alt+Shift+T)', disabled: true },
      el('span', { 'aria-hidden': 'true' }, '↺'),
    );
    host.append(this.list, newTab, this.reopen);
    this.disposables.add(listen(newTab, 'click', () => events.onNewTab()));
    this.disposables.add(listen(this.reopen, 'click', () => events.onReopenClosed()));
    this.disposables.add(listen(this.list, 'keydown', (event) => this.onKey(event)));
  }

  /** Whether there is a closed tab to reopen (the button is disabled otherwise). */
  setCanReopen(can: boolean): void {
    this.reopen.disabled = !can;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const id = (event.target as HTMLElement).closest<HTMLElement>('[role="tab"]')?.dataset.tabId;
    if (!id) return;
    const moves: Record<string, TabMove> = { ArrowRight: 'next', ArrowLeft: 'previous', Home: 'first', End: 'last' };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      this.events.onMove(move);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.events.onActivate(id);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      this.events.onClose(id, 'tab');
    }
  }

  private create(id: string): TabElements {
    const title = el('span', { class: 'tab-title', id: `${id}-title` });
    const label = el('span', { class: 'tab-label', id: `${id}-label`, hidden: true });
    const close = el(
      'button',
      { type: 'button', class: 'tab-close', 'aria-label': 'Close tab', title: 'Close tab (Alt+Shift+W)', tabindex: '-1' },
      el('span', { 'aria-hidden': 'true' }, '×'),
    );
    const tab = el(
      'div',
      { class: 'tab', role: 'tab', id, 'aria-controls': `panel-${id}`, 'aria-labelledby': `${label.id} ${title.id}`, 'data-tab-id': id },
      el('span', { class: 'tab-indicator', 'aria-hidden': 'true' }),
      label,
      title,
      close,
    );
    tab.addEventListener('click', () => this.events.onActivate(id));
    // Middle click closes, as in browsers.
    tab.addEventListener('auxclick', (event) => {
      if (event.button === 1) this.events.onClose(id, 'content');
    });
    tab.addEventListener('mousedown', (event) => {
      if (event.button === 1) event.preventDefault(); // no autoscroll cursor
    });
    close.addEventListener('click', (event) => {
      event.stopPropagation();
      this.events.onClose(id, 'content');
    });
    return { tab, title, label };
  }

  render(items: readonly TabStripItem[]): void {
    const wanted = new Set(items.map((item) => item.id));
    for (const [id, elements] of this.tabs) {
      if (!wanted.has(id)) {
        elements.tab.remove();
        this.tabs.delete(id);
      }
    }
    items.forEach((item, index) => {
      let elements = this.tabs.get(item.id);
      if (!elements) {
        elements = this.create(item.id);
        this.tabs.set(item.id, elements);
      }
      const { tab, title, label } = elements;
      if (title.textContent !== item.title) title.textContent = item.title;
      // issue 5: a saved session's label and colour (a left border and the label's own colour).
      const look = item.look;
      if (label.textContent !== (look?.label ?? '')) label.textContent = look?.label ?? '';
      label.hidden = !look;
      if (look) tab.style.setProperty('--session-color', look.color);
      else tab.style.removeProperty('--session-color');
      tab.classList.toggle('tab-saved', Boolean(look));
      tab.setAttribute('aria-selected', String(item.active));
      // Roving tabindex: Tab reaches the active tab; arrows move between tabs.
      tab.tabIndex = item.active ? 0 : -1;
      tab.dataset.state = item.state;
      tab.dataset.inputMode = item.halfDuplex ? 'half-duplex' : 'character'; // half-duplex (issue 4)
      tab.title = item.detail ? `${item.title} — ${item.detail}` : item.title;
      // Keep DOM order equal to tab order without touching tabs that are already in place (keeps focus).
      if (this.list.children[index] !== tab) this.list.insertBefore(tab, this.list.children[index] ?? null);
    });
  }

  focusTab(id: string): void {
    this.tabs.get(id)?.tab.focus();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
