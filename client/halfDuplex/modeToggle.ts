// The Half-duplex toggle of one tab, in the slim bar under its terminal, with a few words on what the mode is doing.
import { DisposableStore, listen, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import type { HalfDuplexStatus } from './halfDuplexAddon.js';
import { titleFor } from '../commands/commandTable.js';
import './halfDuplex.css';

/** What the bar says about the mode, in the user's words. */
export function modeDescription(status: HalfDuplexStatus): string {
  if (!status.on) return 'Character mode: each key goes to the host as you type';
  if (status.waitingForPrompt) return 'Half-duplex paused: the running command has the keys until the prompt is back';
  if (status.passThrough) return 'Half-duplex paused: a full-screen program has the keys';
  if (status.masked) return 'Half-duplex: secret prompt, what you type is not shown';
  return 'Half-duplex: the line is edited here and sent on Enter';
}

export class HalfDuplexToggle implements Disposable {
  private readonly bar: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly description: HTMLElement;
  private readonly disposables = new DisposableStore();

  /**
   * `bar`: the tab's bar under its terminal (other controls share it). `onToggle(byPointer)`: a mouse click
   * (rather than Space or Enter) sends the focus back to the terminal.
   */
  constructor(bar: HTMLElement, onToggle: (byPointer: boolean) => void) {
    this.description = el('span', { class: 'session-bar-text' });
    this.button = el(
      'button',
      {
        type: 'button',
        class: 'mode-toggle',
        'aria-pressed': 'false',
        title: titleFor('halfDuplex.toggle', 'Half-duplex: edit each line here and send it whole on Enter'),
      },
      el('span', { class: 'mode-toggle-switch', 'aria-hidden': 'true' }),
      'Half-duplex',
    );
    this.bar = bar;
    bar.prepend(this.description);
    bar.append(this.button);
    this.disposables.add(listen(this.button, 'click', (event) => onToggle(event.detail > 0)));
  }

  render(status: HalfDuplexStatus): void {
    this.button.setAttribute('aria-pressed', String(status.on));
    this.bar.dataset.inputMode = status.on ? 'half-duplex' : 'character';
    const text = modeDescription(status);
    if (this.description.textContent !== text) this.description.textContent = text;
  }

  dispose(): void {
    this.disposables.dispose();
    this.description.remove();
    this.button.remove();
  }
}
