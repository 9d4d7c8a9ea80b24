import { describe, expect, it } from 'vitest';
import { ImpossibleTransition, nextSessionState, type SessionEvent, type SessionState } from './sessionState.js';

function run(events: SessionEvent[], from: SessionState = 'connecting'): SessionState {
  return events.reduce(nextSessionState, from);
}

describe('session state', () => {
  it('walks the path of a first connection', () => {
    expect(run(['status', 'host-key', 'host-key-answered', 'status', 'prompt', 'prompt-answered', 'ready'])).toBe('ready');
  });

  it('ends from any live state, when closed or lost', () => {
    for (const from of ['connecting', 'host-key', 'prompt', 'ready'] as const) {
      expect(nextSessionState(from, 'closed')).toBe('closed');
      expect(nextSessionState(from, 'lost')).toBe('closed');
    }
  });

  it('reconnects only once closed', () => {
    expect(nextSessionState('closed', 'reconnect')).toBe('connecting');
    expect(() => nextSessionState('ready', 'reconnect')).toThrow(ImpossibleTransition);
  });

  it('refuses what the bridge cannot send in that state', () => {
    expect(() => nextSessionState('ready', 'host-key')).toThrow(/'host-key' cannot happen while the session is 'ready'/);
    expect(() => nextSessionState('host-key', 'prompt')).toThrow(ImpossibleTransition);
    expect(() => nextSessionState('connecting', 'prompt-answered')).toThrow(ImpossibleTransition);
    expect(() => nextSessionState('closed', 'closed')).toThrow(ImpossibleTransition);
  });
});
