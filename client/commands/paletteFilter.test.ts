import { describe, expect, it } from 'vitest';
import type { Command } from './command.js';
import { filterCommands } from './paletteFilter.js';

const command = (id: string, label: string, key = 'x'): Command => ({ id, label, keys: [{ alt: true, shift: true, key }], run: () => {} });
const commands = [command('tab.new', 'New tab', 'n'), command('tab.close', 'Close tab', 'w'), command('latency.toggle', 'Show or hide latency', 'l')];
const ids = (filter: string) => filterCommands(commands, filter).map((found) => found.id);

describe('filterCommands', () => {
  it('lists everything, in the table\'s order, for an empty filter', () => {
    expect(ids('')).toEqual(['tab.new', 'tab.close', 'latency.toggle']);
    expect(ids('   ')).toEqual(['tab.new', 'tab.close', 'latency.toggle']);
  });

  it('matches words of the label, id or keys in any case', () => {
    expect(ids('LATENCY')).toEqual(['latency.toggle']);
    expect(ids('tab close')).toEqual(['tab.close']);
    expect(ids('alt+shift+w')).toEqual(['tab.close']);
    expect(ids('nothing like it')).toEqual([]);
  });

  it('puts labels that start with the filter first', () => {
    expect(ids('close')).toEqual(['tab.close']);
    expect(ids('tab')).toEqual(['tab.new', 'tab.close']);
    expect(ids('c')).toEqual(['tab.close', 'latency.toggle']);
  });
});
