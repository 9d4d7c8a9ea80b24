import { describe, expect, it } from 'vitest';
import { closedHeading, closedTone, connectingHeadline, connectionLostMessage, reconnectDivider, reconnectingMessage } from './wording.js';

describe('wording', () => {
  it('says what is happening while connecting', () => {
    expect(connectingHeadline('de1')).toBe('Connecting to de1…');
    expect(connectingHeadline('de1', 'authenticating')).toBe('Authenticating…');
    expect(connectingHeadline('de1', 'resolving')).toBe('Looking up de1…');
  });

  it('says only what is known while reconnecting: a dropped link, or longhaul not answering at all', () => {
    expect(reconnectingMessage(1000, 'dropped')).toBe('Connection to longhaul lost — reconnecting in 1 s.');
    expect(reconnectingMessage(4000, 'unreachable')).toBe('longhaul cannot be reached — retrying in 4 s. If it has stopped, start it again.');
    // Whether the shell survived is not known from the page: no promise that it keeps running.
    expect(reconnectingMessage(4000, 'signed-out')).toMatch(/^longhaul no longer knows this browser .*\?token=….* the tabs come back\.$/);
    for (const trouble of ['dropped', 'unreachable', 'signed-out'] as const) expect(reconnectingMessage(250, trouble)).not.toMatch(/keeps running/);
  });

  it('raises its voice only for a changed host key', () => {
    expect(closedTone('host-key-changed')).toBe('danger');
    expect(closedTone('exit')).toBe('info');
    expect(closedTone('connect-failed')).toBe('warning');
  });

  it('heads only a refused host key (changed, or unknown where the ssh config says not to ask)', () => {
    expect(closedHeading('host-key-changed')).toMatch(/refused/);
    expect(closedHeading('host-key-unknown')).toBe('Unknown host key — connection refused');
    expect(closedTone('host-key-unknown')).toBe('warning');
    expect(closedHeading('exit')).toBeUndefined();
  });

  it('words a lost connection with or without a reason', () => {
    expect(connectionLostMessage('')).toBe('Connection to longhaul lost.');
    expect(connectionLostMessage('server shutting down')).toBe('Connection to longhaul lost (server shutting down).');
  });

  it('draws a divider that fits the terminal', () => {
    const line = reconnectDivider('de1', 40, new Date(2024, 0, 1, 9, 5));
    expect(line).toContain(' reconnecting to de1 · 09:05 ');
    expect(line.length).toBeLessThanOrEqual(40);
    expect(line.startsWith('──')).toBe(true);
  });
});
