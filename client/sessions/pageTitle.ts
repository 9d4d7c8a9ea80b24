// The browser tab's title follows the active session's, so a window of longhaul is found by what it shows.
import type { Disposable } from '../util/disposable.js';
import type { SessionStore } from './sessionStore.js';

export function showActiveTitle(store: SessionStore, page: { title: string } = document): Disposable {
  return store.subscribe(() => {
    const session = store.active()?.session;
    page.title = session ? `${session.title} — longhaul` : 'longhaul';
  });
}
