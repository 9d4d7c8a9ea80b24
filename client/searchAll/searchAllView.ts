// "Search all sessions": a field, its options and a list of hits (sessions', then kept runs'), built into any element (a dialog, or the overview).
import type { RunSearchHit, SearchHit, SearchQuery, SearchResponse } from '../../shared/search.js';
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { highlightedParts } from './highlight.js';
import { ranWords, runWords, sessionWords, whenWords } from './hitWords.js';
import './searchAll.css';

/** Typing pauses this long before a search is asked, so a word typed fast is one request, not one per key. */
export const SEARCH_AS_YOU_TYPE_MS = 150;

export interface SearchAllOptions {
  /** Ask for the hits; a rejection's message is shown as it is (it is a sentence). */
  search(query: SearchQuery): Promise<SearchResponse>;
  /** A hit was chosen (clicked, or Enter on it). */
  choose(hit: SearchHit, query: SearchQuery): void;
  /** A kept run's hit was chosen. */
  chooseRun(hit: RunSearchHit): void;
  /** The hits shown now, or null when none are asked for (an empty field, or the search failed). */
  onResults?(response: SearchResponse | null): void;
  now?: () => number;
}

export interface SearchAllView extends Disposable {
  readonly element: HTMLElement;
  focus(): void;
}

/** Build the search into `host`; dispose removes it and every listener and timer it had. */
export function mountSearchAll(host: HTMLElement, options: SearchAllOptions): SearchAllView {
  const disposables = new DisposableStore();
  const now = options.now ?? Date.now;
  const field = el('input', { type: 'search', class: 'search-all-field', 'aria-label': 'Search all sessions', placeholder: 'Search all sessions', autocomplete: 'off', spellcheck: 'false' });
  const option = (label: string, title: string) => {
    const box = el('input', { type: 'checkbox', id: uniqueId('search-all-option') });
    return { box, label: el('label', { class: 'search-all-option', title }, box, ` ${label}`) };
  };
  const matchCase = option('Match case', 'Upper and lower case must match');
  const wholeWord = option('Whole word', 'Only where the text is a whole word');
  const regex = option('Regular expression', 'The text is a JavaScript regular expression');
  const status = el('p', { class: 'search-all-status', role: 'status', 'aria-live': 'polite' });
  const list = el('ul', { class: 'search-all-results', role: 'list', 'aria-label': 'Search results' });
  const element = el(
    'div',
    { class: 'search-all' },
    field,
    el('div', { class: 'search-all-options' }, matchCase.label, wholeWord.label, regex.label),
    status,
    list,
  );
  host.append(element);

  let asked = 0;
  let timer: number | undefined;
  const query = (): SearchQuery => ({ text: field.value, caseSensitive: matchCase.box.checked, wholeWord: wholeWord.box.checked, regex: regex.box.checked });

  const show = (response: SearchResponse, shownFor: SearchQuery) => {
    const runHits = response.runHits ?? [];
    list.replaceChildren(...response.hits.map((hit) => hitItem(hit, shownFor)), ...runHits.map(runHitItem));
    const total = response.hits.length + runHits.length;
    const count = total === 1 ? '1 hit' : `${total} hits`;
    status.textContent = response.note ?? (total === 0 ? 'No session or run holds this.' : count);
    options.onResults?.(response);
  };

  const lineOf = (hit: SearchHit | RunSearchHit) => {
    const line = el('span', { class: 'search-all-line' });
    for (const part of highlightedParts(hit.line, hit.ranges)) line.append(part.matched ? el('mark', {}, part.text) : part.text);
    return line;
  };
  const heading = (label: string, when: string) =>
    el('span', { class: 'search-all-session' }, el('span', { class: 'search-all-label' }, label), ' — ', el('span', { class: 'search-all-when' }, when));

  const hitItem = (hit: SearchHit, shownFor: SearchQuery) => {
    const button = el(
      'button',
      { type: 'button', class: `search-all-hit search-all-${hit.session.state}`, 'data-state': hit.session.state, 'data-session-id': hit.session.id },
      heading(sessionWords(hit.session), whenWords(hit.session, now())),
      lineOf(hit),
    );
    button.addEventListener('click', () => options.choose(hit, shownFor));
    return el('li', {}, button);
  };

  const runHitItem = (hit: RunSearchHit) => {
    const button = el(
      'button',
      { type: 'button', class: 'search-all-hit search-all-run', 'data-state': 'run', 'data-run-id': hit.run.id, 'data-target': hit.target ?? '' },
      heading(runWords(hit), ranWords(hit, now())),
      lineOf(hit),
    );
    button.addEventListener('click', () => options.chooseRun(hit));
    return el('li', {}, button);
  };

  const run = async () => {
    timer = undefined;
    const asking = query();
    const mine = ++asked;
    if (asking.text === '') {
      list.replaceChildren();
      status.textContent = '';
      options.onResults?.(null);
      return;
    }
    status.textContent = 'Searching…';
    try {
      const response = await options.search(asking);
      if (mine === asked) show(response, asking);
    } catch (error) {
      if (mine !== asked) return;
      list.replaceChildren();
      status.textContent = error instanceof Error ? error.message : String(error);
      options.onResults?.(null);
    }
  };
  const soon = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), SEARCH_AS_YOU_TYPE_MS);
  };

  disposables.add(listen(field, 'input', soon));
  for (const box of [matchCase.box, wholeWord.box, regex.box]) disposables.add(listen(box, 'change', soon));
  // ↓ from the field and ↑/↓ in the list move between hits, as in any list of results.
  disposables.add(
    listen(element, 'keydown', (event) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      const buttons = [...list.querySelectorAll<HTMLButtonElement>('button')];
      const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
      if (document.activeElement === field && event.key === 'ArrowDown') buttons[0]?.focus();
      else if (at >= 0) (buttons[at + (event.key === 'ArrowDown' ? 1 : -1)] ?? (event.key === 'ArrowUp' ? field : buttons[at]))!.focus();
      else return;
      event.preventDefault();
    }),
  );
  disposables.add({
    dispose: () => {
      if (timer !== undefined) window.clearTimeout(timer);
      asked++; // an answer still on its way is dropped
      element.remove();
    },
  });

  return { element, focus: () => field.focus(), dispose: () => disposables.dispose() };
}
