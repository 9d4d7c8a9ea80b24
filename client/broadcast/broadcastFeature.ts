// A tab's part in broadcast input: what is typed here is offered to broadcasting first, and the tab shows when keys reach it.
import type { TabContext, TabFeature } from '../tabFeatures/tabFeature.js';
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import type { BroadcastView } from './broadcast.js';
import './broadcast.css';

/** What the page gives a tab of broadcasting. */
export interface BroadcastLink {
  /** A string typed into this tab, before its own features see it. */
  typed(data: string): void;
  view(): BroadcastView;
  /** Leave this tab out of broadcasting (`out`), or take it back in. */
  leaveOut(out: boolean): void;
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

  constructor(
    private readonly tab: TabContext,
    private readonly link: BroadcastLink,
  ) {
    this.words = el('span', { class: 'broadcast-words' });
    this.button = el('button', { type: 'button', class: 'broadcast-leave' });
    this.marker = el('div', { class: 'broadcast-marker', role: 'status', hidden: true }, this.words, this.button);
    tab.frame.append(this.marker);
    this.disposables.add(listen(this.button, 'click', () => this.link.leaveOut(this.link.view().reaches)));
    this.disposables.add(link.subscribe(() => this.draw()));
    this.draw();
  }

  /** Keys typed into this tab go to the others, and theirs come here. */
  get reaches(): boolean {
    return this.link.view().reaches;
  }

  private draw(): void {
    const view = this.link.view();
    this.marker.hidden = !view.inView;
    this.tab.frame.classList.toggle('broadcasting', view.reaches);
    this.words.textContent = view.reaches ? `Broadcast input: keys typed go to ${view.tabs} tabs` : 'Left out of broadcast input';
    this.button.textContent = view.reaches ? 'Leave this tab out' : 'Include this tab';
  }

  dispose(): void {
    this.disposables.dispose();
    this.marker.remove();
    this.tab.frame.classList.remove('broadcasting');
  }
}
