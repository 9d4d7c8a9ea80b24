// What a tab opened from a saved session starts with: Shell integration only when the session asks for it.
import { describe, expect, it } from 'vitest';
import type { SavedSession } from '../../shared/savedSessions.js';
import { sessionOptionsFor } from './openSaved.js';

const saved: SavedSession = {
  id: 's1', name: 'ns1', target: 'de1', auth: 'agent', predictiveEcho: 'auto', halfDuplex: false, keepConnected: false,
  durable: 'auto', keepRunningWhenClosed: false, shellIntegration: false, color: 'teal', createdAt: 0, updatedAt: 0,
};

describe('a tab from a saved session', () => {
  it('types the shell integration line only when the session has it on', () => {
    expect(sessionOptionsFor(saved).shellIntegration).toBeUndefined();
    expect(sessionOptionsFor({ ...saved, shellIntegration: true }).shellIntegration).toBe(true);
    expect(sessionOptionsFor({ ...saved, shellIntegration: true, commandOnConnect: 'uptime' })).toMatchObject({
      shellIntegration: true,
      commandOnConnect: 'uptime',
    });
  });
});
