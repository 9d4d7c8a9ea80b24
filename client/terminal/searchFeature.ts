// Search in the scrollback as a tab feature: the search addon on the tab's terminal and the bar that drives it.
import { SearchAddon } from '@xterm/addon-search';
import type { TabContext, TabEvent, TabFeature } from '../tabFeatures/tabFeature.js';
import { SearchBar } from './searchBar.js';

export class SearchFeature implements TabFeature {
  /** Owned by the terminal once loaded: it goes when the terminal does. */
  private readonly addon = new SearchAddon({ highlightLimit: 1000 });
  private bar: SearchBar | null = null;

  constructor(private readonly tab: TabContext) {
    tab.terminal.loadAddon(this.addon);
  }

  /** Show the search bar (once) and put the cursor in its field. */
  open(): void {
    this.bar ??= new SearchBar(this.tab.frame, this.addon, () => {
      this.close();
      this.tab.focusTerminal();
    });
    this.bar.focus();
  }

  close(): void {
    this.bar?.dispose();
    this.bar = null;
  }

  onEvent(event: TabEvent): void {
    if (event.kind === 'hidden') this.close(); // only the visible tab has a Search field
  }

  dispose(): void {
    this.close();
  }
}
