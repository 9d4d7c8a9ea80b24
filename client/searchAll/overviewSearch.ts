// Search all sessions in the overview's header: the same field and hits, and which live sessions have a hit, so the overview can dim the others.
import type { RunSearchHit, SearchHit } from '../../shared/search.js';
import type { Disposable } from '../util/disposable.js';
import { searchAllSessions } from './searchAllApi.js';
import { mountSearchAll } from './searchAllView.js';

/** `hitsChanged` gets the bridge session ids of the live sessions with a hit (null: nothing searched); `reveal` a chosen hit, `showRun` a kept run's. */
export function mountOverviewSearch(
  slot: HTMLElement,
  hitsChanged: (liveSessionIds: ReadonlySet<string> | null) => void,
  reveal: (hit: SearchHit) => void,
  showRun: (hit: RunSearchHit) => void,
): Disposable {
  return mountSearchAll(slot, {
    search: (query) => searchAllSessions(query),
    choose: (hit) => reveal(hit),
    chooseRun: (hit) => showRun(hit),
    onResults: (response) => hitsChanged(response && new Set(response.hits.flatMap((hit) => (hit.session.state === 'live' ? [hit.session.id] : [])))),
  });
}
