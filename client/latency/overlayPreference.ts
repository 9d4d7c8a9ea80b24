// Whether the latency overlay is shown: one choice for every tab, remembered in localStorage.
import { toDisposable, type Disposable } from '../util/disposable.js';

/** The part of Web Storage this needs; null when storage is unavailable (then the choice lasts the page). */
export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

export const OVERLAY_PREFERENCE_KEY = 'longhaul.latencyOverlay';

export class OverlayPreference {
  private shown: boolean;
  private readonly listeners = new Set<(visible: boolean) => void>();

  constructor(private readonly storage: PreferenceStorage) {
    this.shown = OverlayPreference.read(storage);
  }

  private static read(storage: PreferenceStorage): boolean {
    try {
      return storage?.getItem(OVERLAY_PREFERENCE_KEY) !== 'hidden';
    } catch {
      return true; // storage refused (a privacy mode): shown, as by default
    }
  }

  get visible(): boolean {
    return this.shown;
  }

  setVisible(visible: boolean): void {
    if (visible === this.shown) return;
    this.shown = visible;
    try {
      this.storage?.setItem(OVERLAY_PREFERENCE_KEY, visible ? 'shown' : 'hidden');
    } catch {
      // Full or refused: the choice still holds for this page.
    }
    for (const listener of [...this.listeners]) listener(visible);
  }

  toggle(): void {
    this.setVisible(!this.shown);
  }

  /** Another window changed the stored choice (the `storage` event): follow it. */
  reload(): void {
    const stored = OverlayPreference.read(this.storage);
    if (stored !== this.shown) this.setVisible(stored);
  }

  onChange(listener: (visible: boolean) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
}
