import { describe, expect, it } from 'vitest';
import type { TabFeature } from '../tabFeatures/tabFeature.js';
import { TabFeatures } from '../tabFeatures/tabFeatures.js';
import { ShellOutput } from './shellOutput.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A terminal that draws each write when told to, and a feature and an ack sender that log into the same list. */
function setUp() {
  const log: string[] = [];
  const pending: Array<() => void> = [];
  const view = {
    write(bytes: Uint8Array, drawn: () => void, replay = false) {
      log.push(`write ${text(bytes)}${replay ? ' (replayed)' : ''}`);
      pending.push(drawn);
    },
  };
  const features = new TabFeatures();
  const watcher: TabFeature = {
    beforeOutput: (bytes) => void log.push(`before ${text(bytes)}`),
    afterOutput: () => void log.push('after'),
    dispose: () => undefined,
  };
  features.add(watcher);
  const output = new ShellOutput(view, features, () => false);
  const drawAll = () => pending.splice(0).forEach((drawn) => drawn());
  const ack = (offset: number) => void log.push(`ack ${offset}`);
  return { log, output, drawAll, ack };
}

describe('ShellOutput', () => {
  it('shows output to features before writing it, and tells them it is drawn before acknowledging it', () => {
    const { log, output, drawAll, ack } = setUp();
    output.receive(0, new TextEncoder().encode('hello'), ack);
    expect(log).toEqual(['before hello', 'write hello']);
    drawAll();
    expect(log).toEqual(['before hello', 'write hello', 'after', 'ack 5']);
  });

  it('writes what the bridge held when the tab attached as replayed, and answers only what follows', () => {
    const { log, output, drawAll, ack } = setUp();
    output.attachedAt(3);
    output.receive(0, new TextEncoder().encode('oldnew'), ack);
    drawAll();
    expect(log).toEqual(['before oldnew', 'write old (replayed)', 'write new', 'after', 'ack 6']);
  });

  it('drops output already drawn, and starts afresh on a new stream', () => {
    const { log, output, drawAll, ack } = setUp();
    output.receive(0, new TextEncoder().encode('abc'), ack);
    drawAll();
    log.length = 0;
    output.receive(0, new TextEncoder().encode('abc'), ack); // sent again at a resume's seam
    expect(log).toEqual([]);
    output.restart();
    output.receive(0, new TextEncoder().encode('xyz'), ack);
    drawAll();
    expect(log).toEqual(['before xyz', 'write xyz', 'after', 'ack 3']);
  });
});
