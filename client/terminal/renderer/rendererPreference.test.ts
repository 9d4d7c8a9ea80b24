import { describe, expect, it } from 'vitest';
import { RENDERER_PREFERENCE_KEY, RendererPreference } from './rendererPreference.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), items };
}

describe('RendererPreference', () => {
  it('starts at Auto and remembers a choice', () => {
    const storage = memoryStorage();
    const preference = new RendererPreference(storage);
    expect(preference.setting).toBe('auto');
    preference.set('dom');
    expect(storage.items.get(RENDERER_PREFERENCE_KEY)).toBe('dom');
    expect(new RendererPreference(storage).setting).toBe('dom');
  });

  it('tells listeners of a change once, and follows another window', () => {
    const storage = memoryStorage({ [RENDERER_PREFERENCE_KEY]: 'webgl' });
    const preference = new RendererPreference(storage);
    const seen: string[] = [];
    preference.onChange((setting) => seen.push(setting));
    preference.set('webgl');
    storage.items.set(RENDERER_PREFERENCE_KEY, 'dom');
    preference.reload();
    expect(seen).toEqual(['dom']);
  });

  it('keeps working when storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const preference = new RendererPreference(refusing);
    expect(preference.setting).toBe('auto');
    preference.set('dom');
    expect(preference.setting).toBe('dom');
  });
});
