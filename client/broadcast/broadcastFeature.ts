// A tab's part in broadcast input: what is typed here is offered to broadcasting first, and the tab shows when keys reach it.
import type { TabContext, TabFeature } from '../tabFeatures/tabFeature.js';
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { titleFor } from '../commands/commandTable.js';
import type { BroadcastView } from './broadcast.js';
import './broadcast.css';

/** What the page gives a tab of broadcasting. */
export interface BroadcastLink {
  /** A string typed into this tab, before its own features see it. */
  typed(data: string): void;
  view(): BroadcastView;
  /** Leave this tab out of broadcasting (`out`), or take it back in. */
  leaveOut(out: boolean): void;
  /** Turn broadcasting on or off (for every tab in view, not only this one). */
  toggle(): void;
  /** Told whenever what broadcasting reaches may have changed. */
  subscribe(listener: () => void): Disposable;
}

export class BroadcastFeature implements TabFeature {
  /** First of all features (half-duplex takes at 100): broadcasting sees every string, and takes none. */
  readonly input = {
    order: 0,
    take: (data: string): boolean => {
      this.link.typed(data);
      return false;
    },
  };
  readonly automation = { name: 'broadcast', report: (): BroadcastView => this.link.view() };
  private readonly disposables = new DisposableStore();
  private readonly marker: HTMLElement;
  private readonly words: HTMLElement;
  private readonly button: HTMLButtonElement;
  /** The Broadcast input toggle in the tab's bar, beside the other input modes; every tab's shows the page's state. */
  private readonly toggle: HTMLButtonElement;

  constructor(
    private readonly tab: TabContext,
    private readonly link: BroadcastLink,
  ) {
    this.words = el('span', { class: 'broadcast-words' });
    this.button = el('button', { type: 'button', class: 'broadcast-leave' });
    this.marker = el('div', { class: 'broadcast-marker', role: 'status', hidden: true }, this.words, this.button);
    tab.frame.append(this.marker);
    this.toggle = el(
      'button',
      { type: 'button', class: 'mode-toggle broadcast-toggle', 'aria-pressed': 'false', title: titleFor('input.broadcast', 'Broadcast input: keys typed go to every tab in view') },
      el('span', { class: 'mode-toggle-switch', 'aria-hidden': 'true' }),
      'Broadcast input',
    );
    tab.bar.append(this.toggle);
    this.disposables.add(listen(this.button, 'click', () => this.link.leaveOut(this.link.view().reaches)));
    this.disposables.add(
      listen(this.toggle, 'click', (event) => {
        this.link.toggle();
        // A click (not Space or Enter) gives the keys back to the terminal, as the Half-duplex toggle does.
        if (event.detail > 0) tab.focusTerminal();
      }),
    );
    this.disposables.add(link.subscribe(() => this.draw()));
    this.draw();
  }

  /** Keys typed into this tab go to the others, and theirs come here. */
  get reaches(): boolean {
    return this.link.view().reaches;
  }

  private draw(): void {
    const view = this.link.view();
    this.toggle.setAttribute('aria-pressed', String(view.on));
    this.marker.hidden = !view.inView;
    this.tab.frame.classList.toggle('broadcasting', view.reaches);
    this.words.textContent = view.reaches ? `Broadcast input: keys typed go to ${view.tabs} tabs` : 'Left out of broadcast input';
    this.button.textContent = view.reaches ? 'Leave this tab out' : 'Include this tab';
  }

  dispose(): void {
    this.disposables.dispose();
    this.marker.remove();
    this.toggle.remove();
    this.tab.frame.classList.remove('broadcasting');
  }
}
