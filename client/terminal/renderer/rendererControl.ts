// The Renderer setting (Auto, WebGL, DOM) in the bar under a terminal; one choice for the whole page.
import { DisposableStore, listen, type Disposable } from '../../util/disposable.js';
import { el } from '../../util/dom.js';
import type { RendererKind, RendererSetting } from './rendererChoice.js';
import type { RendererPreference } from './rendererPreference.js';
import '../terminal.css';

const CHOICES: ReadonlyArray<readonly [RendererSetting, string]> = [
  ['auto', 'Auto'],
  ['webgl', 'WebGL'],
  ['dom', 'DOM'],
];

export class RendererControl implements Disposable {
  private readonly root: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly disposables = new DisposableStore();

  constructor(bar: HTMLElement, preference: RendererPreference) {
    this.select = el(
      'select',
      {
        class: 'renderer-select',
        'aria-label': 'Renderer',
        title:
          'How the terminal is drawn. Auto: WebGL on a GPU, the DOM renderer where WebGL would run on the CPU (it is several times faster there).',
      },
      ...CHOICES.map(([value, label]) => el('option', { value }, label)),
    );
    this.select.value = preference.setting;
    this.root = el('span', { class: 'renderer-control' }, el('span', { 'aria-hidden': 'true' }, 'Renderer'), this.select);
    bar.append(this.root);
    this.disposables.add(
      listen(this.select, 'change', () => {
        const value = CHOICES.find(([choice]) => choice === this.select.value)?.[0];
        if (value) preference.set(value);
      }),
    );
    this.disposables.add(preference.onChange((setting) => (this.select.value = setting)));
  }

  /** Say what the terminal draws with now, for Auto above all. */
  render(drawsWith: RendererKind): void {
    this.root.dataset.renderer = drawsWith;
    this.select.title = this.select.title.replace(/ Now: .*$/, '') + ` Now: ${drawsWith === 'webgl' ? 'WebGL' : 'DOM'}.`;
  }

  dispose(): void {
    this.disposables.dispose();
    this.root.remove();
  }
}
