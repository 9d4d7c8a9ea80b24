// The session store: tabs in order, the active one, plain summaries, and views told once per change.
import { describe, expect, it } from 'vitest';
import { activateNext } from '../tabs/tabList.js';
import { EMPTY_LATENCY_REPORT } from '../latency/latencyModel.js';
import type { SessionState } from '../session/sessionState.js';
import { SessionStore, type StoredTab } from './sessionStore.js';
import type { TabSession } from './tabSession.js';
import type { PredictiveEchoState } from '../predictiveEcho/addon/predictiveEchoAddon.js';

/** A session as a view reads it; the store holds whatever the page gives it. */
function sessionTo(target: string, state: SessionState = 'ready', sessionId?: string): TabSession & { state: SessionState; title: string } {
  return {
    target,
    state,
    title: target,
    statusText: '',
    hostSilent: false,
    savedSession: undefined,
    sessionId,
    heldSessionId: sessionId,
    historyId: undefined,
    halfDuplex: { on: false },
    group: undefined,
    broadcasting: false,
    latency: () => ({ ...EMPTY_LATENCY_REPORT, timeline: [] }),
    predictiveEchoState: () => ({}) as PredictiveEchoState,
  };
}

type Tab = StoredTab & { session: TabSession | null };

describe('SessionStore', () => {
  it('keeps tabs in strip order with the newest active, and summarises each as plain data', () => {
    const store = new SessionStore<Tab>();
    store.add({ id: 'tab-1', session: sessionTo('de1', 'ready', 's-1') });
    store.add({ id: 'tab-2', session: null });
    expect(store.activeId).toBe('tab-2');
    expect(store.summaries()).toEqual([
      { tabId: 'tab-1', sessionId: 's-1', active: false, state: 'ready', title: 'de1', detail: '', target: 'de1', halfDuplex: false, silent: false, broadcast: false },
      { tabId: 'tab-2', active: true, state: 'launcher', title: 'New tab', detail: '', halfDuplex: false, silent: false, broadcast: false },
    ]);
    expect(store.withSession('s-1')?.id).toBe('tab-1');
    expect(store.numberOf('tab-2')).toBe(2);
  });

  it('activates the right neighbour of a closed active tab, and refuses a reorder that loses a tab', () => {
    const store = new SessionStore<Tab>();
    for (const id of ['a', 'b', 'c']) store.add({ id, session: null });
    store.reorder({ ids: store.order.ids, activeId: 'b' });
    store.remove('b');
    expect(store.order).toEqual({ ids: ['a', 'c'], activeId: 'c' });
    expect(() => store.reorder({ ids: ['a'], activeId: 'a' })).toThrow(/same tabs/);
  });

  it('lets a new view over sessions follow every change by subscribing, with no page code in between', () => {
    // A view the page does not know about (as an overview of thumbnails would be): it only subscribes.
    const store = new SessionStore<Tab>();
    const drawn: string[][] = [];
    const view = store.subscribe(() => drawn.push(store.summaries().map((s) => `${s.active ? '*' : ''}${s.title}:${s.state}`)));

    const session = sessionTo('de1', 'connecting');
    store.add({ id: 'tab-1', session });
    store.add({ id: 'tab-2', session: sessionTo('fr2') });
    session.state = 'ready';
    session.title = 'vim notes.txt';
    store.changed(); // what a session's own change (title, state) ends in
    store.reorder(activateNext(store.order));
    view.dispose();
    store.remove('tab-2');

    expect(drawn).toEqual([
      ['*de1:connecting'],
      ['de1:connecting', '*fr2:ready'],
      ['vim notes.txt:ready', '*fr2:ready'],
      ['*vim notes.txt:ready', 'fr2:ready'],
    ]); // and nothing once the view let go
  });

  it('tells its views once for a batch of changes, after the last one', () => {
    const store = new SessionStore<Tab>();
    let told = 0;
    let seen: number[] = [];
    store.subscribe(() => {
      told++;
      seen = [store.order.ids.length];
    });
    store.batch(() => {
      store.add({ id: 'a', session: null });
      store.add({ id: 'b', session: null });
      store.batch(() => store.remove('a'));
      expect(told).toBe(0);
    });
    expect(told).toBe(1);
    expect(seen).toEqual([1]);
  });
});
