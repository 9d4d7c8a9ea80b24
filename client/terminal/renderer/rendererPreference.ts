// The page's Renderer setting (Auto, WebGL, DOM): one choice for every tab, remembered in localStorage.
import { toDisposable, type Disposable } from '../../util/disposable.js';
import { parseRendererSetting, type RendererSetting } from './rendererChoice.js';

export const RENDERER_PREFERENCE_KEY = 'longhaul.renderer';

/** The part of Web Storage this needs; null when storage is unavailable (then the choice lasts the page). */
export type RendererStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

export class RendererPreference {
  private current: RendererSetting;
  private readonly listeners = new Set<(setting: RendererSetting) => void>();

  constructor(private readonly storage: RendererStorage) {
    this.current = RendererPreference.read(storage);
  }

  private static read(storage: RendererStorage): RendererSetting {
    try {
      return parseRendererSetting(storage?.getItem(RENDERER_PREFERENCE_KEY));
    } catch {
      return 'auto'; // storage refused (a privacy mode)
    }
  }

  get setting(): RendererSetting {
    return this.current;
  }

  set(setting: RendererSetting): void {
    if (setting === this.current) return;
    this.current = setting;
    try {
      this.storage?.setItem(RENDERER_PREFERENCE_KEY, setting);
    } catch {
      // Full or refused: the choice still holds for this page.
    }
    for (const listener of [...this.listeners]) listener(setting);
  }

  /** Another window changed the stored choice (the `storage` event): follow it. */
  reload(): void {
    this.set(RendererPreference.read(this.storage));
  }

  onChange(listener: (setting: RendererSetting) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => this.listeners.delete(listener));
  }
}

let pagePreference: RendererPreference | null = null;

function pageStorage(): RendererStorage {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked for this origin
  }
}

/** The page's one Renderer setting, shared by every tab and kept in step with other windows. */
export function rendererPreference(): RendererPreference {
  if (!pagePreference) {
    const preference = new RendererPreference(pageStorage());
    // Lives as long as the page, like the preference itself.
    window.addEventListener('storage', (event) => {
      if (event.key === RENDERER_PREFERENCE_KEY || event.key === null) preference.reload();
    });
    pagePreference = preference;
  }
  return pagePreference;
}
