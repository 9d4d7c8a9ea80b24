import { describe, expect, it } from 'vitest';
import { OVERLAY_PREFERENCE_KEY, OverlayPreference } from './overlayPreference.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('OverlayPreference', () => {
  it('shows the overlay unless the user hid it', () => {
    expect(new OverlayPreference(memoryStorage()).visible).toBe(true);
    expect(new OverlayPreference(memoryStorage({ [OVERLAY_PREFERENCE_KEY]: 'hidden' })).visible).toBe(false);
    expect(new OverlayPreference(null).visible).toBe(true);
  });

  it('remembers the choice, and tells every tab', () => {
    const storage = memoryStorage();
    const preference = new OverlayPreference(storage);
    const seen: boolean[] = [];
    preference.onChange((v) => seen.push(v));
    preference.toggle();
    expect(storage.items.get(OVERLAY_PREFERENCE_KEY)).toBe('hidden');
    expect(new OverlayPreference(storage).visible).toBe(false);
    preference.setVisible(false); // no change, no news
    preference.setVisible(true);
    expect(seen).toEqual([false, true]);
    expect(storage.items.get(OVERLAY_PREFERENCE_KEY)).toBe('shown');
  });

  it('follows a choice made in another window', () => {
    const storage = memoryStorage();
    const preference = new OverlayPreference(storage);
    storage.items.set(OVERLAY_PREFERENCE_KEY, 'hidden');
    preference.reload();
    expect(preference.visible).toBe(false);
  });

  it('still works when storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const preference = new OverlayPreference(refusing);
    expect(preference.visible).toBe(true);
    preference.toggle();
    expect(preference.visible).toBe(false);
  });
});
