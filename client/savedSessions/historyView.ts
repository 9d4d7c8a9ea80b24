// The launcher's History: sessions that ended (exited, expired, or cut off by a restart), newest first.
import type { ClosedSessionSummary } from '../../shared/savedSessions.js';
import { el } from '../util/dom.js';
import { historyEntryText } from './history.js';
import '../launcher/launcher.css';

/** The launcher lists this many; older ones stay in the bridge's history. */
export const HISTORY_SHOWN = 8;

export class HistoryView {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly reopen: (entry: ClosedSessionSummary) => void) {
    this.list = el('ul', { class: 'launcher-closed-list' });
    this.element = el(
      'section',
      { class: 'launcher-closed launcher-history', hidden: true, 'aria-label': 'History' },
      el('p', { class: 'launcher-hosts-label' }, 'History — ended sessions; reopen shows the scrollback above a new shell'),
      this.list,
    );
  }

  show(entries: readonly ClosedSessionSummary[], now = new Date()): void {
    const shown = entries.slice(0, HISTORY_SHOWN);
    this.list.replaceChildren(
      ...shown.map((entry) => {
        const title = entry.title && entry.title !== entry.target ? entry.title : entry.target;
        // Its last line of output tells apart entries to the same host that closed at about the same time.
        const button = el(
          'button',
          { type: 'button', class: 'closed-tab', ...(entry.lastLine ? { title: entry.lastLine } : {}) },
          title,
          el('span', { class: 'closed-tab-when' }, historyEntryText({ ...entry, title }, now)),
          entry.lastLine ? el('span', { class: 'closed-tab-last-line' }, entry.lastLine) : null,
        );
        button.addEventListener('click', () => this.reopen(entry));
        return el('li', {}, button);
      }),
    );
    this.element.hidden = shown.length === 0;
  }
}
