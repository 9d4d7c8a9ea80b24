// The find-in-scrollback bar: type to search, Enter/Shift+Enter for next/previous, Escape to close.
import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import { DisposableStore, listen, toDisposable, type Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { SEARCH_DECORATIONS } from './theme.js';
import './terminal.css';

const OPTIONS: ISearchOptions = { decorations: SEARCH_DECORATIONS };

export class SearchBar implements Disposable {
  private readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly disposables = new DisposableStore();

  constructor(
    host: HTMLElement,
    private readonly addon: SearchAddon,
    onClose: () => void,
  ) {
    const inputId = uniqueId('search');
    this.input = el('input', { id: inputId, class: 'search-input', type: 'text', spellcheck: 'false', autocomplete: 'off' });
    this.count = el('span', { class: 'search-count', 'aria-live': 'polite' });
    const previous = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Previous match', title: 'Previous match (Shift+Enter)' }, '↑');
    const next = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Next match', title: 'Next match (Enter)' }, '↓');
    // Named "Close", not "Close search": a label containing "Search" would make the field ambiguous to find by label.
    const close = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', title: 'Close (Escape)' }, '×');
    this.element = el(
      'div',
      { class: 'search-bar', role: 'search' },
      el('label', { for: inputId, class: 'visually-hidden' }, 'Search'),
      this.input,
      this.count,
      previous,
      next,
      close,
    );
    host.append(this.element);

    this.disposables.add(listen(this.input, 'input', () => this.find('incremental')));
    this.disposables.add(
      listen(this.input, 'keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          this.find(event.shiftKey ? 'previous' : 'next');
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }),
    );
    this.disposables.add(listen(previous, 'click', () => this.find('previous')));
    this.disposables.add(listen(next, 'click', () => this.find('next')));
    this.disposables.add(listen(close, 'click', () => onClose()));
    this.disposables.add(addon.onDidChangeResults(({ resultIndex, resultCount }) => this.showCount(resultIndex, resultCount)));
    this.disposables.add(toDisposable(() => addon.clearDecorations()));
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private find(direction: 'incremental' | 'next' | 'previous'): void {
    const term = this.input.value;
    if (!term) {
      this.addon.clearDecorations();
      this.count.textContent = '';
      return;
    }
    const found =
      direction === 'previous'
        ? this.addon.findPrevious(term, OPTIONS)
        : this.addon.findNext(term, { ...OPTIONS, incremental: direction === 'incremental' });
    if (!found) this.count.textContent = 'No results';
  }

  private showCount(index: number, count: number): void {
    if (count === 0) this.count.textContent = this.input.value ? 'No results' : '';
    else if (index < 0) this.count.textContent = `${count}+ matches`;
    else this.count.textContent = `${index + 1} of ${count}`;
  }

  dispose(): void {
    this.disposables.dispose();
    this.element.remove();
  }
}
