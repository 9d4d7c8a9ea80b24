// The banner over a tab whose host has stopped answering ("de1: no reply for 12 s", counting up each second), or whose
// durable shell longhaul is getting back to after a cut connection ("Reconnecting to de1…").
import type { Disposable } from '../util/disposable.js';
import { DisposableStore } from '../util/disposable.js';
import { el } from '../util/dom.js';
import type { Clock } from '../../shared/clock.js';
import { reconnectingText, silenceText } from './format.js';
import type { LatencyModel } from './latencyModel.js';
import { msUntilNextSecond } from './silence.js';

const SILENT_DETAIL = 'The session is kept; what it sends will arrive when it answers.';
const RECONNECTING_DETAIL = 'The shell runs on in tmux on the host; what it prints meanwhile will be shown.';

export class SilenceBanner implements Disposable {
  private readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly disposables = new DisposableStore();
  private timer: unknown = null;

  constructor(
    host: HTMLElement,
    private readonly target: string,
    private readonly model: LatencyModel,
    private readonly clock: Clock,
    /** Told the banner's words each time they change (null when the host answers again), for the tab's tooltip. */
    private readonly onText: (text: string | null) => void = () => {},
  ) {
    this.count = el('span', { class: 'silence-count', 'aria-live': 'off' });
    this.detail = el('span', { class: 'silence-detail' }, SILENT_DETAIL);
    // Announced once when it appears (the explanation); the count itself changes every second and is not read out.
    this.element = el(
      'div',
      { class: 'silence-banner', role: 'status', hidden: true },
      el('span', { class: 'silence-dot', 'aria-hidden': 'true' }),
      el('span', { class: 'silence-text' }, this.count, this.detail),
    );
    host.append(this.element);
    this.disposables.add(model.onChange(() => this.update()));
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  private update(): void {
    this.stopTimer();
    const attempt = this.model.reconnectingAttempt();
    if (attempt !== null) {
      this.show(reconnectingText(this.target, attempt), RECONNECTING_DETAIL);
      return;
    }
    const silentForMs = this.model.silentForMs();
    if (silentForMs === null) {
      if (!this.element.hidden) this.onText(null);
      this.element.hidden = true;
      return;
    }
    this.show(silenceText(this.target, silentForMs), SILENT_DETAIL);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.update();
    }, msUntilNextSecond(silentForMs));
  }

  private show(text: string, detail: string): void {
    if (this.count.textContent !== text || this.element.hidden) {
      this.count.textContent = text;
      this.onText(text);
    }
    if (this.detail.textContent !== detail) this.detail.textContent = detail;
    this.element.hidden = false;
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.stopTimer();
    this.disposables.dispose();
    this.element.remove();
  }
}
