// The Predictive echo setting of one tab (Auto, Always, Never) and what prediction is doing, in the bar under its terminal.
import { DisposableStore, listen, type Disposable } from '../../util/disposable.js';
import { el } from '../../util/dom.js';
import type { DisplayPreference, PredictorStatus } from '../types.js';
import { predictionStatusText } from './statusWords.js';
import '../predictiveEcho.css';

const CHOICES: ReadonlyArray<readonly [DisplayPreference, string]> = [
  ['auto', 'Auto'],
  ['always', 'Always'],
  ['never', 'Never'],
];

export class PredictiveEchoControl implements Disposable {
  private readonly root: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly statusText: HTMLElement;
  private readonly disposables = new DisposableStore();

  constructor(bar: HTMLElement, preference: DisplayPreference, onChoose: (preference: DisplayPreference) => void) {
    this.select = el(
      'select',
      {
        class: 'prediction-select',
        'aria-label': 'Predictive echo',
        title: 'Predictive echo: show typed characters before the host echoes them. Auto: only when the echo is slow.',
      },
      ...CHOICES.map(([value, label]) => el('option', { value }, label)),
    );
    this.select.value = preference;
    this.statusText = el('span', { class: 'prediction-status' });
    this.root = el('span', { class: 'prediction-control' }, el('span', { 'aria-hidden': 'true' }, 'Predictive echo'), this.select, this.statusText);
    bar.append(this.root);
    this.disposables.add(
      listen(this.select, 'change', () => {
        const value = CHOICES.find(([choice]) => choice === this.select.value)?.[0];
        if (value) onChoose(value);
      }),
    );
  }

  render(status: PredictorStatus, now: number): void {
    const text = predictionStatusText(status, now);
    if (this.statusText.textContent !== text) this.statusText.textContent = text;
    this.root.dataset.status = status.kind;
  }

  dispose(): void {
    this.disposables.dispose();
    this.root.remove();
  }
}
