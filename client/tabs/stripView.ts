// The tab strip as a view of the session store: it redraws from the store after every change.
import type { SessionStore } from '../sessions/sessionStore.js';
import type { Disposable } from '../util/disposable.js';
import type { TabStrip, TabStripItem } from './tabStrip.js';

export function showTabsInStrip(store: SessionStore, strip: TabStrip): Disposable {
  return store.subscribe(() =>
    strip.render(
      store.summaries().map(({ tabId, title, state, active, detail, halfDuplex, target, silent, look, group, broadcast }): TabStripItem => ({
        id: tabId,
        title,
        state,
        active,
        detail: [group ? `Group ${group}` : '', detail, broadcast ? 'Broadcast input reaches this tab' : ''].filter(Boolean).join('\n'),
        broadcast,
        ...(group !== undefined ? { group } : {}),
        halfDuplex,
        ...(target !== undefined ? { target, silent } : {}),
        ...(look ? { look } : {}),
      })),
    ),
  );
}
