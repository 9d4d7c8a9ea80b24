// The order of the tabs and which one is active, as plain data; every change is a pure function.

export interface TabListState {
  readonly ids: readonly string[];
  /** Null only while the list is empty. */
  readonly activeId: string | null;
}

export const emptyTabList: TabListState = { ids: [], activeId: null };

function indexOf(state: TabListState, id: string): number {
  const index = state.ids.indexOf(id);
  if (index < 0) throw new Error(`no tab ${id}`);
  return index;
}

export function activeIndex(state: TabListState): number {
  return state.activeId === null ? -1 : state.ids.indexOf(state.activeId);
}

/** New tabs go at the end, like a terminal app's; the first tab is always active. */
export function addTab(state: TabListState, id: string, options: { activate?: boolean } = {}): TabListState {
  if (state.ids.includes(id)) throw new Error(`tab ${id} already exists`);
  const activate = options.activate ?? true;
  return { ids: [...state.ids, id], activeId: activate || state.activeId === null ? id : state.activeId };
}

/** Closing the active tab activates its right neighbour, else its left one, as browsers do. */
export function closeTab(state: TabListState, id: string): TabListState {
  const index = indexOf(state, id);
  const ids = state.ids.filter((other) => other !== id);
  if (state.activeId !== id) return { ids, activeId: state.activeId };
  return { ids, activeId: ids[Math.min(index, ids.length - 1)] ?? null };
}

export function activateTab(state: TabListState, id: string): TabListState {
  indexOf(state, id);
  return state.activeId === id ? state : { ids: state.ids, activeId: id };
}

/** Move by `step` tabs from the active one, wrapping around at either end. */
function activateRelative(state: TabListState, step: number): TabListState {
  if (state.ids.length === 0) return state;
  const count = state.ids.length;
  const from = Math.max(0, activeIndex(state));
  return activateTab(state, state.ids[(((from + step) % count) + count) % count]!);
}

export const activateNext = (state: TabListState): TabListState => activateRelative(state, 1);
export const activatePrevious = (state: TabListState): TabListState => activateRelative(state, -1);

export function activateIndex(state: TabListState, index: number): TabListState {
  const id = state.ids[index];
  return id === undefined ? state : activateTab(state, id);
}

export const activateFirst = (state: TabListState): TabListState => activateIndex(state, 0);
export const activateLast = (state: TabListState): TabListState => activateIndex(state, state.ids.length - 1);

/** Alt+1…8 pick that tab; Alt+9 picks the last one, however many there are (browser convention). */
export function activateByNumber(state: TabListState, digit: number): TabListState {
  if (!Number.isInteger(digit) || digit < 1 || digit > 9) throw new RangeError(`tab number ${digit}`);
  return digit === 9 ? activateLast(state) : activateIndex(state, digit - 1);
}
