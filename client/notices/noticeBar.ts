// Notices inside a tab: one that stays (the session ended, with what to do next) and brief ones that fade.
import type { NoticeTone } from '../session/wording.js';
import { toDisposable, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { realClock, type Timers } from '../../shared/clock.js';
import './notices.css';

export interface NoticeAction {
  label: string;
  run(): void;
}

export const TRANSIENT_NOTICE_MS = 6000;

export class NoticeBar implements Disposable {
  private ended: HTMLElement | null = null;
  private readonly toasts = new Set<Disposable>();
  /** Toasts that say the latest of something (a reconnect countdown), by what they are about: a new one replaces the old. */
  private readonly keyed = new Map<string, Disposable>();
  /**
   * Brief notices stack here, newest at the bottom, in the terminal's lower right corner left of the latency box
   * (styles.css), so they never cover the bar under the terminal or the box.
   */
  private readonly stack: HTMLElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly timers: Timers = realClock,
    toastHost: HTMLElement = host,
  ) {
    this.stack = el('div', { class: 'toasts' });
    toastHost.append(this.stack);
  }

  /** The session ended: say why (one element holds the whole message, so it reads and selects as one). */
  showEnded(message: string, tone: NoticeTone, actions: NoticeAction[], heading?: string): void {
    this.clearEnded();
    const buttons = actions.map((action) => {
      const button = el('button', { type: 'button', class: 'button button-primary' }, action.label);
      button.addEventListener('click', () => action.run());
      return button;
    });
    // A changed host key may be an attack: it interrupts (alert); anything else is announced politely.
    this.ended = el(
      'div',
      { class: `notice notice-${tone}`, role: tone === 'danger' ? 'alert' : 'status' },
      el('div', { class: 'notice-text' }, heading ? el('p', { class: 'notice-heading' }, heading) : null, el('p', { class: 'notice-message' }, message)),
      el('div', { class: 'notice-actions' }, ...buttons),
    );
    // First in the tab, above the terminal: the terminal gives up the rows rather than hiding output.
    this.host.prepend(this.ended);
  }

  clearEnded(): void {
    this.ended?.remove();
    this.ended = null;
  }

  /** A brief notice that goes away on its own; the session carries on. One with a `key` replaces the last with that key. */
  flash(message: string, ms = TRANSIENT_NOTICE_MS, key?: string): void {
    if (key !== undefined) this.keyed.get(key)?.dispose();
    const toast = el('div', { class: 'toast', role: 'status' }, message);
    this.stack.append(toast);
    const handle = this.timers.setTimeout(() => owner.dispose(), ms);
    const owner = toDisposable(() => {
      this.timers.clearTimeout(handle);
      toast.remove();
      this.toasts.delete(owner);
      if (key !== undefined && this.keyed.get(key) === owner) this.keyed.delete(key);
    });
    this.toasts.add(owner);
    if (key !== undefined) this.keyed.set(key, owner);
  }

  /** Take back a keyed toast before its time (what it said is no longer true). */
  clear(key: string): void {
    this.keyed.get(key)?.dispose();
  }

  dispose(): void {
    this.clearEnded();
    for (const toast of [...this.toasts]) toast.dispose();
    this.stack.remove();
  }
}
