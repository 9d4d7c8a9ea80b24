// The command palette (Ctrl+Shift+P): a dialog that lists every command with its keys; type to filter, Enter runs.
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import type { Command } from './command.js';
import { keysOf } from './commandTable.js';
import { filterCommands } from './paletteFilter.js';
import './commandPalette.css';

export interface PaletteOptions {
  commands: readonly Command[];
  /** Runs the chosen command; called after the palette has closed and given focus back. */
  run(command: Command): void;
}

/**
 * A combobox over a listbox (the ARIA pattern for a filtered list): focus stays in the filter field while ↑/↓ move
 * the highlight, so typing never stops working. Over the whole page rather than one tab's panel: the commands act on
 * the page (tabs) as well as on the active tab.
 */
export class CommandPalette implements Disposable {
  private readonly backdrop: HTMLElement;
  private readonly filter: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly disposables = new DisposableStore();
  /** Where focus was when the palette opened (the terminal, usually): it goes back there on Escape. */
  private readonly returnFocusTo: Element | null;
  private shown: Command[] = [];
  private highlighted = 0;
  private closed = false;

  constructor(
    host: HTMLElement,
    private readonly options: PaletteOptions,
    private readonly onClosed: () => void,
  ) {
    this.returnFocusTo = document.activeElement;
    const listId = uniqueId('command-list');
    this.filter = el('input', {
      type: 'text',
      class: 'command-palette-filter',
      role: 'combobox',
      'aria-label': 'Filter commands',
      'aria-expanded': 'true',
      'aria-controls': listId,
      'aria-autocomplete': 'list',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'Type the name of a command',
    });
    this.list = el('div', { class: 'command-palette-list', role: 'listbox', id: listId, 'aria-label': 'Commands' });
    this.empty = el('p', { class: 'command-palette-empty', hidden: true }, 'No command matches.');
    const dialog = el('div', { class: 'modal command-palette', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Commands' }, this.filter, this.list, this.empty);
    this.backdrop = el('div', { class: 'modal-backdrop' }, dialog);
    host.append(this.backdrop);

    this.disposables.add(listen(this.filter, 'input', () => this.show(0)));
    this.disposables.add(listen(this.filter, 'keydown', (event) => this.onKey(event)));
    // A click on an option must not take focus from the field first (that would close the palette).
    this.disposables.add(listen(this.list, 'mousedown', (event) => event.preventDefault()));
    this.disposables.add(
      listen(this.list, 'click', (event) => {
        const option = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
        if (option) this.choose(Number(option.dataset.index));
      }),
    );
    // A click beside the palette, or focus going elsewhere, dismisses it, as a menu would be.
    this.disposables.add(
      listen(this.backdrop, 'mousedown', (event) => {
        if (event.target === this.backdrop) this.close(true);
      }),
    );
    this.disposables.add(
      listen(dialog, 'focusout', (event) => {
        if (!dialog.contains(event.relatedTarget as Node | null)) this.close(false);
      }),
    );
    this.show(0);
    this.filter.focus();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  focus(): void {
    this.filter.focus();
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.shown.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (count > 0) this.highlight((this.highlighted + (event.key === 'ArrowDown' ? 1 : -1) + count) % count);
        break;
      case 'Enter':
        event.preventDefault();
        this.choose(this.highlighted);
        break;
      case 'Escape':
        event.preventDefault();
        this.close(true);
        break;
      case 'Tab':
        event.preventDefault(); // the field is all there is to focus in here
        break;
      default:
        return;
    }
    // Keys the palette used are not shortcuts for the page as well.
    event.stopPropagation();
  }

  /** List the commands that match the filter, with the one at `index` highlighted. */
  private show(index: number): void {
    this.shown = filterCommands(this.options.commands, this.filter.value);
    this.list.replaceChildren(
      ...this.shown.map((command, position) => {
        const keys = keysOf(command);
        return el(
          'div',
          {
            class: 'command-palette-option',
            role: 'option',
            id: `${this.list.id}-${position}`,
            'aria-selected': 'false',
            'aria-label': keys ? `${command.label} (${keys})` : command.label,
            'data-index': String(position),
            'data-command-id': command.id,
          },
          el('span', { class: 'command-palette-label' }, command.label),
          keys ? el('kbd', { class: 'command-palette-keys' }, keys) : null,
        );
      }),
    );
    this.empty.hidden = this.shown.length > 0;
    this.highlight(index);
  }

  private highlight(index: number): void {
    const options = [...this.list.children] as HTMLElement[];
    options[this.highlighted]?.setAttribute('aria-selected', 'false');
    this.highlighted = Math.min(index, Math.max(0, options.length - 1));
    const option = options[this.highlighted];
    if (option) {
      option.setAttribute('aria-selected', 'true');
      this.filter.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else this.filter.removeAttribute('aria-activedescendant');
  }

  private choose(index: number): void {
    const command = this.shown[index];
    if (!command) return;
    // Close first, giving focus back: a command that moves focus (a new tab, the search field) then keeps it.
    this.close(true);
    this.options.run(command);
  }

  /** `giveFocusBack`: false when focus already went elsewhere on its own (a click on the page). */
  private close(giveFocusBack: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.disposables.dispose();
    this.backdrop.remove();
    if (giveFocusBack && this.returnFocusTo instanceof HTMLElement && this.returnFocusTo.isConnected) this.returnFocusTo.focus();
    this.onClosed();
  }

  dispose(): void {
    this.close(false);
  }
}

let openPalette: CommandPalette | null = null;

/** Open the page's one palette (or bring focus back to it if it is open already). */
export function openCommandPalette(options: PaletteOptions, host: HTMLElement = document.body): void {
  if (openPalette?.isOpen) return openPalette.focus();
  const palette: CommandPalette = new CommandPalette(host, options, () => {
    if (openPalette === palette) openPalette = null;
  });
  openPalette = palette;
}
