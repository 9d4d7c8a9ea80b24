import { describe, expect, it } from 'vitest';
import {
  activateByNumber,
  activateFirst,
  activateIndex,
  activateLast,
  activateNext,
  activatePrevious,
  activateTab,
  activeIndex,
  addTab,
  closeTab,
  emptyTabList,
  type TabListState,
} from './tabList.js';

/** Draw a tab list as text: `a [b] c` means b is active. */
function draw(state: TabListState): string {
  return state.ids.map((id) => (id === state.activeId ? `[${id}]` : id)).join(' ');
}

function list(...ids: string[]): TabListState {
  return ids.reduce((state, id) => addTab(state, id), emptyTabList);
}

describe('tab list', () => {
  it('adds tabs at the end and activates them', () => {
    expect(draw(list('a', 'b', 'c'))).toBe('a b [c]');
  });

  it('can add a tab in the background, except the first one', () => {
    expect(draw(addTab(emptyTabList, 'a', { activate: false }))).toBe('[a]');
    expect(draw(addTab(list('a'), 'b', { activate: false }))).toBe('[a] b');
  });

  it('refuses a duplicate id and unknown ids', () => {
    expect(() => addTab(list('a'), 'a')).toThrow();
    expect(() => closeTab(list('a'), 'x')).toThrow();
    expect(() => activateTab(list('a'), 'x')).toThrow();
  });

  it('closing the active tab activates the one to its right, else to its left', () => {
    const state = activateTab(list('a', 'b', 'c'), 'b');
    expect(draw(closeTab(state, 'b'))).toBe('a [c]');
    expect(draw(closeTab(list('a', 'b', 'c'), 'c'))).toBe('a [b]');
  });

  it('closing another tab keeps the active one', () => {
    expect(draw(closeTab(list('a', 'b', 'c'), 'a'))).toBe('b [c]');
  });

  it('closing the last tab leaves an empty list', () => {
    const state = closeTab(list('a'), 'a');
    expect(state).toEqual(emptyTabList);
    expect(activeIndex(state)).toBe(-1);
  });

  it('next and previous wrap around', () => {
    const state = list('a', 'b', 'c');
    expect(draw(activateNext(state))).toBe('[a] b c');
    expect(draw(activatePrevious(state))).toBe('a [b] c');
    expect(draw(activatePrevious(activateFirst(state)))).toBe('a b [c]');
    expect(activateNext(emptyTabList)).toBe(emptyTabList);
  });

  it('jumps by index, ignoring indexes out of range', () => {
    const state = list('a', 'b', 'c');
    expect(draw(activateIndex(state, 0))).toBe('[a] b c');
    expect(activateIndex(state, 5)).toBe(state);
    expect(draw(activateLast(activateFirst(state)))).toBe('a b [c]');
  });

  it('Alt+1…8 pick a tab by number, Alt+9 the last one', () => {
    const state = list('a', 'b', 'c');
    expect(draw(activateByNumber(state, 1))).toBe('[a] b c');
    expect(draw(activateByNumber(state, 2))).toBe('a [b] c');
    expect(activateByNumber(state, 5)).toBe(state);
    expect(draw(activateByNumber(activateFirst(state), 9))).toBe('a b [c]');
    expect(() => activateByNumber(state, 0)).toThrow();
  });

  it('activating the active tab changes nothing', () => {
    const state = list('a', 'b');
    expect(activateTab(state, 'b')).toBe(state);
  });
});
