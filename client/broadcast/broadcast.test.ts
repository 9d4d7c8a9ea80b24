// Broadcast input's rules: who is reached, what is sent on and once only, what a reload keeps.
import { describe, expect, it } from 'vitest';
import { Broadcast, type BroadcastTab } from './broadcast.js';

class FakeTab implements BroadcastTab {
  readonly typedHere: string[] = [];
  ready = true;
  constructor(
    readonly id: string,
    readonly sessionId: string | undefined,
    readonly group: string | undefined,
    private readonly broadcast: () => Broadcast,
  ) {}
  /** As a terminal does: what is typed into it is offered to broadcasting first, then handled here. */
  type(data: string): void {
    this.broadcast().typed(this.id, data);
    this.typedHere.push(data);
  }
}

function page(groups: Array<string | undefined> = [undefined, undefined, undefined], storage = new Map<string, string>()) {
  let active = 0;
  const store = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
  const tabs: FakeTab[] = groups.map((group, i) => new FakeTab(`tab-${i + 1}`, `s${i + 1}`, group, () => broadcast));
  const broadcast = new Broadcast({ all: () => tabs, active: () => tabs[active] }, store);
  return { tabs, broadcast, storage, activate: (i: number) => (active = i) };
}

describe('Broadcast input', () => {
  it('sends a key typed into one tab to every other tab once, and nowhere while it is off', () => {
    const { tabs, broadcast } = page();
    tabs[0]!.type('l');
    expect(tabs.map((t) => t.typedHere)).toEqual([['l'], [], []]);
    broadcast.toggle();
    tabs[1]!.type('s');
    expect(tabs.map((t) => t.typedHere)).toEqual([['l', 's'], ['s'], ['s']]);
    expect(broadcast.view('tab-1')).toEqual({ on: true, inView: true, reaches: true, tabs: 3 });
  });

  it('never reaches a tab left out, nor sends on what is typed in it; the tab can be taken back', () => {
    const { tabs, broadcast } = page();
    broadcast.toggle();
    broadcast.leaveOut('tab-3', true);
    tabs[0]!.type('a');
    tabs[2]!.type('b');
    expect(tabs.map((t) => t.typedHere)).toEqual([['a'], ['a'], ['b']]);
    expect(broadcast.view('tab-3')).toEqual({ on: true, inView: true, reaches: false, tabs: 2 });
    broadcast.leaveOut('tab-3', false);
    tabs[0]!.type('c');
    expect(tabs[2]!.typedHere).toEqual(['b', 'c']);
  });

  it('is for the active tab’s group when it has one, else for every tab', () => {
    const { tabs, broadcast, activate } = page(['web', undefined, 'web']);
    broadcast.toggle();
    tabs[0]!.type('x');
    expect(tabs.map((t) => t.typedHere)).toEqual([['x'], [], ['x']]);
    activate(1);
    tabs[1]!.type('y');
    expect(tabs.map((t) => t.typedHere)).toEqual([['x', 'y'], ['y'], ['x', 'y']]);
  });

  it('keeps the terminal’s own answers to its host (cursor, colours, focus) to its tab, and skips tabs without a shell', () => {
    const { tabs, broadcast } = page();
    broadcast.toggle();
    tabs[2]!.ready = false;
    for (const report of ['\x1b[12;40R', '\x1b]11;rgb:1111/1414/1818\x1b\\', '\x1b[I', '\x1b[?1;2c']) tabs[0]!.type(report);
    tabs[0]!.type('\x1b[A');
    expect(tabs[1]!.typedHere).toEqual(['\x1b[A']);
    expect(tabs[2]!.typedHere).toEqual([]);
  });

  it('survives a reload of the window, left-out tabs by their shell; damaged storage starts it off', () => {
    const first = page();
    first.broadcast.toggle();
    first.broadcast.leaveOut('tab-2', true);
    const again = page(undefined, first.storage);
    expect(again.broadcast.on).toBe(true);
    expect(again.broadcast.view('tab-2').reaches).toBe(false);
    expect(page(undefined, new Map([['longhaul.broadcast', '{"on":']])).broadcast.on).toBe(false);
  });
});
