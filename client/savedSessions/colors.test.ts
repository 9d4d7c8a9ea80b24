import { describe, expect, it } from 'vitest';
import { SESSION_COLORS } from '../../shared/savedSessions.js';
import { colorName, cssColor, PALETTE } from './colors.js';
import { lookFrom, lookOf } from './tabLook.js';
import { sessionOptionsFor } from './openSaved.js';

const saved = { id: 's', name: 'ns1', target: 'de1', auth: 'agent', predictiveEcho: 'never', halfDuplex: true, keepConnected: false, durable: 'auto', keepRunningWhenClosed: false, shellIntegration: false, color: 'teal', createdAt: 0, updatedAt: 0 } as const;

describe('session colours and tab looks', () => {
  it('has a shade for every palette name, and passes #rrggbb through', () => {
    for (const name of SESSION_COLORS) expect(cssColor(name)).toBe(PALETTE[name]);
    expect(cssColor('#1E90FF')).toBe('#1e90ff');
    expect(cssColor('url(x)')).toBeUndefined();
    expect(colorName('#1E90FF')).toBe('custom #1e90ff');
  });

  it('labels a tab with the label, else the name', () => {
    expect(lookOf({ ...saved, label: 'NS1' })).toEqual({ savedSessionId: 's', label: 'NS1', color: PALETTE.teal });
    expect(lookOf(saved).label).toBe('ns1');
  });

  it('keeps only a well-formed look from storage', () => {
    expect(lookFrom({ savedSessionId: 's', label: 'NS1', color: '#aabbcc' })).toEqual({ savedSessionId: 's', label: 'NS1', color: '#aabbcc' });
    expect(lookFrom({ savedSessionId: 's', label: 'NS1', color: 'red; background: url(x)' })).toBeUndefined();
    expect(lookFrom('nope')).toBeUndefined();
  });

  it("starts a tab with the saved session's defaults", () => {
    expect(sessionOptionsFor({ ...saved, commandOnConnect: 'uptime' })).toEqual({
      halfDuplex: true,
      savedSession: { savedSessionId: 's', label: 'ns1', color: PALETTE.teal },
      predictiveEcho: 'never',
      commandOnConnect: 'uptime',
    });
  });
});
