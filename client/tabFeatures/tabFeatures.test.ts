import { describe, expect, it } from 'vitest';
import type { TabEvent, TabFeature, TabMessage } from './tabFeature.js';
import { TabFeatures } from './tabFeatures.js';

/** A feature that writes down everything it is shown, in one log shared by all features of a test. */
class Recorder implements TabFeature {
  readonly input: TabFeature['input'];

  constructor(
    readonly name: string,
    private readonly log: string[],
    input?: { order: number; takes?: (data: string) => boolean; watchesHost?: boolean },
  ) {
    this.input = input && {
      order: input.order,
      ...(input.takes
        ? {
            take: (data: string) => {
              const taken = input.takes?.(data) ?? false;
              log.push(`${name} ${taken ? 'took' : 'passed'} ${data}`);
              return taken;
            },
          }
        : {}),
      ...(input.watchesHost ? { toHost: (data: string) => void log.push(`${name} saw ${data} go`) } : {}),
    };
  }

  beforeOutput(bytes: Uint8Array): void {
    this.log.push(`${this.name} before ${new TextDecoder().decode(bytes)}`);
  }

  afterOutput(): void {
    this.log.push(`${this.name} after`);
  }

  onEvent(event: TabEvent): void {
    this.log.push(`${this.name} ${event.kind}`);
  }

  onMessage(message: TabMessage): void {
    this.log.push(`${this.name} ${message.type}`);
  }

  dispose(): void {
    this.log.push(`${this.name} disposed`);
  }
}

class Other extends Recorder {}

describe('TabFeatures', () => {
  it('offers typed input by declared order, not by the order features were added', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('prediction', log, { order: 200, watchesHost: true }));
    features.add(new Recorder('halfDuplex', log, { order: 100, takes: (data) => data === 'x' }));
    features.add(new Recorder('plain', log));

    expect(features.typed('x')).toBe(true);
    expect(log).toEqual(['halfDuplex took x']); // taken: nothing watching the host hears of it

    log.length = 0;
    expect(features.typed('y')).toBe(false);
    expect(log).toEqual(['halfDuplex passed y', 'prediction saw y go']);
  });

  it('asks every feature before any is told a string goes to the host, and stops at the first that takes it', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('watcher', log, { order: 1, watchesHost: true }));
    features.add(new Recorder('late', log, { order: 50, takes: () => true }));
    features.add(new Recorder('later', log, { order: 60, takes: () => true }));
    features.add(new Recorder('early', log, { order: 10, takes: () => false }));

    expect(features.typed('a')).toBe(true);
    expect(log).toEqual(['early passed a', 'late took a']);
  });

  it('keeps the order features were added in among equal orders', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('first', log, { order: 5, watchesHost: true }));
    features.add(new Recorder('second', log, { order: 5, watchesHost: true }));
    features.typed('k');
    expect(log).toEqual(['first saw k go', 'second saw k go']);
  });

  it('shows output to every feature before it is written and tells them after it is drawn', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('a', log));
    features.add(new Recorder('b', log));
    features.beforeOutput(new TextEncoder().encode('hi'));
    log.push('terminal writes hi');
    features.afterOutput();
    expect(log).toEqual(['a before hi', 'b before hi', 'terminal writes hi', 'a after', 'b after']);
  });

  it('passes events and the bridge’s measurements to every feature', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('a', log));
    features.event({ kind: 'reset', why: 'replay' });
    features.message({ type: 'host-silence', silentForMs: null });
    expect(log).toEqual(['a reset', 'a host-silence']);
  });

  it('finds a feature by its class', () => {
    const features = new TabFeatures();
    const recorder = features.add(new Recorder('a', []));
    const other = features.add(new Other('b', []));
    expect(features.get(Other)).toBe(other);
    expect(features.get(Recorder)).toBe(recorder);
  });

  it('answers window.longhaul.feature(name) with the report of the feature that gives that name', () => {
    const features = new TabFeatures();
    let count = 0;
    features.add(new Recorder('quiet', []));
    features.add({ automation: { name: 'counter', report: () => ({ count: ++count }) }, dispose: () => undefined });
    expect(features.reportNames()).toEqual(['counter']);
    expect(features.report('counter')).toEqual({ count: 1 });
    expect(features.report('counter')).toEqual({ count: 2 }); // asked afresh each time, never cached
    expect(features.report('nothing')).toBeUndefined();
  });

  it('disposes every feature once with the tab, and a feature added later at once', () => {
    const log: string[] = [];
    const features = new TabFeatures();
    features.add(new Recorder('a', log, { order: 1, takes: () => true }));
    features.add(new Recorder('b', log));
    features.dispose();
    features.dispose();
    expect(log).toEqual(['a disposed', 'b disposed']);

    log.length = 0;
    features.add(new Recorder('late', log));
    expect(log).toEqual(['late disposed']);
    expect(features.typed('x')).toBe(false); // nothing takes input once the tab is gone
    features.beforeOutput(new Uint8Array());
    features.event({ kind: 'shown' });
    expect(log).toEqual(['late disposed']);
  });
});
