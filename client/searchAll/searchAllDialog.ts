// Search all sessions as a dialog over the tabs (Ctrl+Shift+Alt+F): Escape or a click beside it closes it, focus goes back.
import type { RunSearchHit, SearchHit, SearchQuery } from '../../shared/search.js';
import { DisposableStore, listen } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { searchAllSessions } from './searchAllApi.js';
import { mountSearchAll } from './searchAllView.js';

export interface SearchAllDialogOptions {
  /** Show the hit's session scrolled to its line; called once the dialog has closed. */
  reveal(hit: SearchHit, query: SearchQuery): void;
  /** Show a kept run's hit; called once the dialog has closed. */
  showRun(hit: RunSearchHit): void;
}

let open: { focus(): void } | null = null;

/** Open the page's one search dialog, or bring focus back to it. */
export function openSearchAllDialog(options: SearchAllDialogOptions, host: HTMLElement = document.body): void {
  if (open) return open.focus();
  const disposables = new DisposableStore();
  const returnFocusTo = document.activeElement;
  const dialog = el('div', { class: 'modal search-all-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Search all sessions' });
  const backdrop = el('div', { class: 'modal-backdrop' }, dialog);
  host.append(backdrop);
  const close = (giveFocusBack: boolean) => {
    if (disposables.isDisposed) return;
    disposables.dispose();
    backdrop.remove();
    open = null;
    if (giveFocusBack && returnFocusTo instanceof HTMLElement && returnFocusTo.isConnected) returnFocusTo.focus();
  };
  const view = disposables.add(
    mountSearchAll(dialog, {
      search: (query) => searchAllSessions(query),
      choose: (hit, query) => {
        close(false);
        options.reveal(hit, query);
      },
      chooseRun: (hit) => {
        close(false);
        options.showRun(hit);
      },
    }),
  );
  disposables.add(
    listen(dialog, 'keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }),
  );
  disposables.add(
    listen(backdrop, 'mousedown', (event) => {
      if (event.target === backdrop) close(true);
    }),
  );
  open = { focus: () => view.focus() };
  view.focus();
}
