import { describe, expect, it } from 'vitest';
import type { SavedSession } from '../../shared/savedSessions.js';
import { fieldOfApiError, formFromSaved, newSessionForm, sessionInputFrom } from './form.js';

const saved: SavedSession = {
  id: 's1',
  name: 'ns1',
  target: 'de1',
  auth: 'key-file',
  keyFile: '/home/me/.ssh/id_ed25519',
  predictiveEcho: 'always',
  halfDuplex: true,
  keepConnected: false,
  durable: 'auto',
  keepRunningWhenClosed: false,
  shellIntegration: false,
  color: 'teal',
  label: 'NS1',
  commandOnConnect: 'tmux attach',
  simulatedRttMs: 0,
  createdAt: 1,
  updatedAt: 2,
};

describe('the saved-session form', () => {
  it('pre-fills name and target when saving an ssh-config alias', () => {
    expect(newSessionForm('de1')).toMatchObject({ name: 'de1', target: 'de1', auth: 'agent', predictiveEcho: 'auto', halfDuplex: false, color: '' });
  });

  it('round-trips a saved session through the form to the same input', () => {
    const result = sessionInputFrom(formFromSaved(saved));
    expect(result).toEqual({
      input: {
        name: 'ns1',
        target: 'de1',
        auth: 'key-file',
        keyFile: '/home/me/.ssh/id_ed25519',
        predictiveEcho: 'always',
        halfDuplex: true,
        keepConnected: false,
        durable: 'auto',
        keepRunningWhenClosed: false,
        shellIntegration: false,
        color: 'teal',
        label: 'NS1',
        commandOnConnect: 'tmux attach',
        simulatedRttMs: 0,
      },
    });
  });

  it('leaves out what is empty (the bridge fills defaults) and trims text', () => {
    expect(sessionInputFrom({ ...newSessionForm(' de1 '), label: '  ', jumpHost: ' bastion ' })).toEqual({
      input: { name: 'de1', target: 'de1', auth: 'agent', predictiveEcho: 'auto', halfDuplex: false, keepConnected: false, durable: 'auto', keepRunningWhenClosed: false, shellIntegration: false, jumpHost: 'bastion' },
    });
  });

  it('keeps Shell integration off for a new session, and carries it both ways', () => {
    expect(newSessionForm('de1').shellIntegration).toBe(false);
    expect(formFromSaved({ ...saved, shellIntegration: true }).shellIntegration).toBe(true);
    expect(sessionInputFrom({ ...newSessionForm('de1'), shellIntegration: true })).toEqual({ input: expect.objectContaining({ shellIntegration: true }) });
    expect(fieldOfApiError('shellIntegration must be true or false')).toBe('shellIntegration');
  });

  it('takes the simulated round trip as whole milliseconds; empty leaves it out', () => {
    expect(formFromSaved({ ...saved, simulatedRttMs: 250 }).simulatedRttMs).toBe('250');
    const { simulatedRttMs: _rtt, ...withoutRtt } = saved;
    expect(formFromSaved(withoutRtt).simulatedRttMs).toBe('');
    expect(sessionInputFrom({ ...newSessionForm('de1'), simulatedRttMs: ' 200 ' })).toEqual({ input: expect.objectContaining({ simulatedRttMs: 200 }) });
    expect(sessionInputFrom({ ...newSessionForm('de1'), simulatedRttMs: '  ' })).toEqual({ input: expect.not.objectContaining({ simulatedRttMs: expect.anything() }) });
    for (const text of ['-5', '1.5', '1e3', '0x10', 'fast', '?']) {
      expect(sessionInputFrom({ ...newSessionForm('de1'), simulatedRttMs: text }), text).toEqual({
        errors: { simulatedRttMs: 'The simulated round trip must be a whole number of milliseconds, such as 250.' },
      });
    }
    // The upper bound is the bridge's to say (its 400 lands on this field).
    expect(sessionInputFrom({ ...newSessionForm('de1'), simulatedRttMs: '9000' })).toEqual({ input: expect.objectContaining({ simulatedRttMs: 9000 }) });
    expect(fieldOfApiError('simulatedRttMs must be a whole number of milliseconds from 0 to 5000 (0: no simulated delay)')).toBe('simulatedRttMs');
  });

  it('drops a key file unless the auth is key-file', () => {
    const result = sessionInputFrom({ ...formFromSaved(saved), auth: 'agent' });
    expect(result).toEqual({ input: expect.not.objectContaining({ keyFile: expect.anything() }) });
  });

  it('says in words what is missing', () => {
    expect(sessionInputFrom({ ...newSessionForm(), auth: 'key-file' })).toEqual({
      errors: {
        name: 'Give the session a name.',
        target: expect.stringMatching(/^Say where to connect/),
        keyFile: expect.stringMatching(/path of the private key file/),
      },
    });
  });

  it('leaves lengths to the bridge, so the two never disagree', () => {
    expect('input' in sessionInputFrom({ ...newSessionForm('de1'), label: 'Frankfurt' })).toBe(true);
  });

  it("finds the field a bridge error is about", () => {
    expect(fieldOfApiError('label must be 1 to 8 characters, without control characters')).toBe('label');
    expect(fieldOfApiError('target: "de 1" is not a valid host name')).toBe('target');
    expect(fieldOfApiError('keyFile is required with auth "key-file"')).toBe('keyFile');
    expect(fieldOfApiError('A saved session named "ns1" already exists; pick another name.')).toBeUndefined();
  });
});
