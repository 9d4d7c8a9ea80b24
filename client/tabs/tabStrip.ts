// The tab strip: ARIA tabs with close buttons, a New tab button, and arrow-key movement within the list.
import type { TabState } from './tabState.js';
import { tabLabel, tabNumber, tabTooltip } from './tabLabel.js';
import { DisposableStore, listen, toDisposable, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { titleFor } from '../commands/commandTable.js';
import type { SessionLook } from '../savedSessions/tabLook.js';
import './tabs.css';

export interface TabStripItem {
  id: string;
  title: string;
  state: TabState;
  active: boolean;
  /** Tooltip: what the tab is doing. */
  detail: string;
  /** The tab is in half-duplex mode: its indicator says so, as the typing works differently there. */
  halfDuplex?: boolean;
  /** Opened from a saved session: its label and colour are shown on the tab. */
  look?: SessionLook;
  /** What the user typed to open it; shown first, so tabs with the same shell title stay apart. */
  target?: string;
  /** Its host has stopped answering (the detail says for how long): the dot turns amber. */
  silent?: boolean;
  /** Opened with a host group (Open group): its name is shown before the host's. */
  group?: string;
  /** Broadcast input reaches it: marked, as keys typed anywhere in view land here. */
  broadcast?: boolean;
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
  /** Reopen the most recently closed tab. */
  onReopenClosed(): void;
}

interface TabElements {
  tab: HTMLElement;
  number: HTMLElement;
  name: HTMLElement;
  title: HTMLElement;
  label: HTMLElement;
}

export class TabStrip implements Disposable {
  private readonly list: HTMLElement;
  private readonly tabs = new Map<string, TabElements>();
  private readonly disposables = new DisposableStore();
  private readonly reopen: HTMLButtonElement;
  /** Shown while the tabs overflow the strip: they scroll it by a page, and say that more tabs are there. */
  private readonly scrollBack: HTMLButtonElement;
  private readonly scrollOn: HTMLButtonElement;
  private activeId: string | null = null;
  /** How many tabs the last render showed: a new tab at the end is scrolled into sight. */
  private shown = 0;

  constructor(
    host: HTMLElement,
    private readonly events: TabStripEvents,
  ) {
    this.list = el('div', { class: 'tablist', role: 'tablist', 'aria-label': 'Terminals' });
    const newTab = el(
      'button',
      { type: 'button', class: 'new-tab', 'aria-label': 'New tab', title: titleFor('tab.new') },
      el('span', { 'aria-hidden': 'true' }, '+'),
    );
    this.reopen = el(
      'button',
      { type: 'button', class: 'reopen-tab', 'aria-label': 'Reopen closed tab', title: titleFor('tab.reopenClosed'), disabled: true },
      el('span', { 'aria-hidden': 'true' }, '↺'),
    );
    this.scrollBack = el('button', { type: 'button', class: 'tab-scroll', 'aria-label': 'Earlier tabs', title: 'Earlier tabs', tabindex: '-1', hidden: true }, el('span', { 'aria-hidden': 'true' }, '‹'));
    this.scrollOn = el('button', { type: 'button', class: 'tab-scroll', 'aria-label': 'Later tabs', title: 'Later tabs', tabindex: '-1', hidden: true }, el('span', { 'aria-hidden': 'true' }, '›'));
    host.append(this.scrollBack, this.list, this.scrollOn, newTab, this.reopen);
    this.disposables.add(listen(this.scrollBack, 'click', () => this.scrollByPage(-1)));
    this.disposables.add(listen(this.scrollOn, 'click', () => this.scrollByPage(1)));
    this.disposables.add(listen(this.list, 'scroll', () => this.showOverflow()));
    // A mouse wheel scrolls vertically; over an overflowing strip it means sideways.
    const sideways = (event: WheelEvent) => {
      if (event.deltaX !== 0 || event.deltaY === 0 || this.list.scrollWidth <= this.list.clientWidth) return;
      event.preventDefault();
      this.list.scrollLeft += event.deltaY;
    };
    this.disposables.add(listen(this.list, 'wheel', sideways, { passive: false }));
    // The strip's width changes with the window; whether the tabs overflow changes with it.
    const resize = new ResizeObserver(() => {
      this.showOverflow();
      this.revealActive();
    });
    resize.observe(this.list);
    this.disposables.add(toDisposable(() => resize.disconnect()));
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

  private scrollByPage(direction: 1 | -1): void {
    this.list.scrollBy({ left: direction * Math.max(60, this.list.clientWidth * 0.8), behavior: 'smooth' });
  }

  /** The arrows appear only while some tabs are out of sight, each enabled while there is more on its side. */
  private showOverflow(): void {
    const { scrollLeft, scrollWidth, clientWidth } = this.list;
    const overflows = scrollWidth > clientWidth + 1;
    this.scrollBack.hidden = this.scrollOn.hidden = !overflows;
    this.scrollBack.disabled = scrollLeft <= 0;
    this.scrollOn.disabled = scrollLeft + clientWidth >= scrollWidth - 1;
  }

  /** The active tab is always in sight (Alt+9 to a tab beyond the edge scrolls the strip to it). */
  private revealActive(): void {
    const tab = this.activeId === null ? undefined : this.tabs.get(this.activeId)?.tab;
    if (!tab) return;
    const strip = this.list.getBoundingClientRect();
    const box = tab.getBoundingClientRect();
    const left = box.left - strip.left + this.list.scrollLeft;
    const right = left + box.width;
    if (left < this.list.scrollLeft) this.list.scrollLeft = left;
    else if (right > this.list.scrollLeft + this.list.clientWidth) this.list.scrollLeft = right - this.list.clientWidth;
  }

  private create(id: string): TabElements {
    const number = el('span', { class: 'tab-number', 'aria-hidden': 'true' });
    const name = el('span', { class: 'tab-name', id: `${id}-name` });
    const title = el('span', { class: 'tab-title', id: `${id}-title` });
    const label = el('span', { class: 'tab-label', id: `${id}-label`, hidden: true });
    const close = el(
      'button',
      { type: 'button', class: 'tab-close', 'aria-label': 'Close tab', title: titleFor('tab.close'), tabindex: '-1' },
      el('span', { 'aria-hidden': 'true' }, '×'),
    );
    const tab = el(
      'div',
      { class: 'tab', role: 'tab', id, 'aria-controls': `panel-${id}`, 'aria-labelledby': `${label.id} ${name.id} ${title.id}`, 'data-tab-id': id },
      el('span', { class: 'tab-indicator', 'aria-hidden': 'true' }),
      number,
      label,
      name,
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
    return { tab, number, name, title, label };
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
      const { tab, number, name, title, label } = elements;
      const look = item.look;
      const text = tabLabel({ target: item.target, title: item.title, savedLabel: look?.label });
      const digit = tabNumber(index, items.length);
      setText(number, digit === null ? '' : String(digit));
      number.hidden = digit === null;
      // A saved session's label and colour (a left border and the label's own colour) take the name's place.
      setText(label, look ? text.name : '');
      label.hidden = !look;
      // A group's name goes before the host's: the tabs of `web` read `web · isu01`, `web · isu02`.
      setText(name, look ? '' : item.group ? `${item.group} · ${text.name}` : text.name);
      name.hidden = Boolean(look);
      setText(title, text.title);
      title.hidden = !text.title;
      if (look) tab.style.setProperty('--session-color', look.color);
      else tab.style.removeProperty('--session-color');
      tab.classList.toggle('tab-saved', Boolean(look));
      tab.classList.toggle('tab-broadcast', Boolean(item.broadcast));
      tab.setAttribute('aria-selected', String(item.active));
      // Roving tabindex: Tab reaches the active tab; arrows move between tabs.
      tab.tabIndex = item.active ? 0 : -1;
      tab.dataset.state = item.state;
      tab.dataset.inputMode = item.halfDuplex ? 'half-duplex' : 'character';
      tab.toggleAttribute('data-silent', Boolean(item.silent));
      tab.title = tabTooltip(text, item.target, digit, [item.detail]);
      // Keep DOM order equal to tab order without touching tabs that are already in place (keeps focus).
      if (this.list.children[index] !== tab) this.list.insertBefore(tab, this.list.children[index] ?? null);
    });
    const active = items.find((item) => item.active)?.id ?? null;
    const moved = active !== this.activeId;
    this.activeId = active;
    this.showOverflow();
    if (moved || items.length !== this.shown) this.revealActive();
    this.shown = items.length;
  }

  focusTab(id: string): void {
    this.tabs.get(id)?.tab.focus();
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
