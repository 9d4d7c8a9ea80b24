// What a reload brings back, kept current from the session store: every tab that has a shell on the bridge.
import type { TabMemory } from '../tabs/tabMemory.js';
import type { Disposable } from '../util/disposable.js';
import type { SessionStore } from './sessionStore.js';

export function rememberOpenTabs(store: SessionStore, memory: TabMemory): Disposable {
  return store.subscribe(() =>
    memory.rememberOpenTabs(
      store.tabs().flatMap(({ session }) => {
        if (!session?.sessionId) return [];
        const { sessionId, target, title, savedSession: look, historyId, group } = session;
        return [{ sessionId, target, title, ...(look ? { look } : {}), ...(historyId !== undefined ? { historyId } : {}), ...(group !== undefined ? { group } : {}) }];
      }),
    ),
  );
}
