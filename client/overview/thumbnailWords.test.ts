import { describe, expect, it } from 'vitest';
import { groupByHost, hostOf, stateInWords } from './thumbnailWords.js';

describe('a thumbnail\'s words', () => {
  it('names the host without user or port', () => {
    expect(hostOf('de1')).toBe('de1');
    expect(hostOf('alice@de1')).toBe('de1');
    expect(hostOf('alice@de1.example.com:2222')).toBe('de1.example.com');
    expect(hostOf('bob@[2001:db8::1]:22')).toBe('2001:db8::1');
    expect(hostOf('')).toBe('');
  });

  it('says the state as a person would', () => {
    expect(stateInWords({ state: 'ready', silentForMs: null, reconnecting: false })).toBe('ready');
    expect(stateInWords({ state: 'ready', silentForMs: 12_400, reconnecting: false })).toBe('host silent for 12 s');
    expect(stateInWords({ state: 'ready', silentForMs: 100, reconnecting: false })).toBe('host silent for 1 s');
    expect(stateInWords({ state: 'ready', silentForMs: 5_000, reconnecting: true })).toBe('reconnecting');
    expect(stateInWords({ state: 'connecting', silentForMs: null, reconnecting: false })).toBe('connecting');
    expect(stateInWords({ state: 'connecting', silentForMs: null, reconnecting: true })).toBe('reconnecting');
    expect(stateInWords({ state: 'closed', silentForMs: null, reconnecting: false })).toBe('ended');
    expect(stateInWords({ state: 'launcher', silentForMs: null, reconnecting: false })).toBe('new tab');
    expect(stateInWords({ state: 'prompt', silentForMs: null, reconnecting: false })).toBe('asks for a password');
  });

  it('groups tabs by host in strip order', () => {
    const tabs = ['de1', 'alice@us2', 'root@de1', 'jp3', 'us2'];
    expect(groupByHost(tabs, hostOf)).toEqual([
      { host: 'de1', items: ['de1', 'root@de1'] },
      { host: 'us2', items: ['alice@us2', 'us2'] },
      { host: 'jp3', items: ['jp3'] },
    ]);
    expect(groupByHost([], hostOf)).toEqual([]);
  });
});
