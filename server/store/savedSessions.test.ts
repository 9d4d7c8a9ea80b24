// Saved sessions in the store: defaults, every rule a saved session obeys, unique names, edits, and no secrets.
import { beforeEach, describe, expect, it } from 'vitest';
import Sqlite from 'better-sqlite3';
import { SESSION_COLORS, type SavedSessionInput } from '../../shared/savedSessions.js';
import { InvalidInputError, NameTakenError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import { leastUsedColor } from './savedSessionRules.js';
import { openStore, type Store } from './store.js';

let store: Store;
let clock: number;
let ids: number;
beforeEach(() => {
  clock = 1_000;
  ids = 0;
  store = openStore({ file: ':memory:', now: () => clock, newId: () => `id-${++ids}` });
  return () => store.close();
});

const de1: SavedSessionInput = { name: 'de1', target: 'de1' };

describe('create and read', () => {
  it('fills the defaults: agent auth, predictive echo auto, full duplex, the first palette colour', () => {
    expect(store.savedSessions.create(de1)).toEqual({
      id: 'id-1',
      name: 'de1',
      target: 'de1',
      auth: 'agent',
      predictiveEcho: 'auto',
      halfDuplex: false,
      keepConnected: false,
      durable: 'auto',
      keepRunningWhenClosed: false,
      shellIntegration: false,
      color: 'red',
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(store.savedSessions.get('id-1')?.name).toBe('de1');
    expect(store.savedSessions.get('nope')).toBeUndefined();
  });

  it('keeps every field it is given, trimmed', () => {
    const full: SavedSessionInput = {
      name: '  ns1 (Frankfurt) ',
      target: 'alice@ns1.example.net:2222',
      auth: 'key-file',
      keyFile: '~/.ssh/id_ed25519',
      predictiveEcho: 'always',
      halfDuplex: true,
      keepConnected: true,
      durable: 'off',
      keepRunningWhenClosed: true,
      shellIntegration: true,
      color: '#1a2B3c',
      label: 'NS1',
      commandOnConnect: 'tmux new -A -s main',
      jumpHost: 'bastion',
      simulatedRttMs: 250,
    };
    const { id: _id, createdAt: _c, updatedAt: _u, ...saved } = store.savedSessions.create(full);
    expect(saved).toEqual({ ...full, name: 'ns1 (Frankfurt)' });
  });

  it('gives each new session the palette colour fewest sessions use, so ns1 and ns2 look different', () => {
    const colors = ['ns1', 'ns2', 'ns3'].map((name) => store.savedSessions.create({ name, target: name }).color);
    expect(colors).toEqual(['red', 'orange', 'yellow']);
    expect(leastUsedColor(['red', 'red', 'orange', '#ffffff'])).toBe('yellow');
    expect(leastUsedColor([...SESSION_COLORS, 'red'])).toBe('orange');
  });

  it('lists by name, ignoring case', () => {
    for (const name of ['b', 'C', 'a']) store.savedSessions.create({ name, target: 'de1' });
    expect(store.savedSessions.list().map((s) => s.name)).toEqual(['a', 'b', 'C']);
  });
});

describe('rules', () => {
  const refusals: [string, Record<string, unknown>, RegExp][] = [
    ['an empty name', { name: '' }, /^name must be 1 to 64 characters/],
    ['a blank name', { name: '   ' }, /^name must not be blank/],
    ['a name over 64 characters', { name: 'x'.repeat(65) }, /^name must be 1 to 64/],
    ['a name with a control character', { name: 'de\u001b1' }, /^name must be 1 to 64 characters, without control/],
    ['no target', { target: undefined }, /^target is required/],
    ['a target ssh cannot read', { target: 'alice@ho st' }, /^target: "ho st" is not a valid host name/],
    ['a target that looks like an option', { target: '-oProxyCommand=x' }, /^target: .* is not a valid host name/],
    ['a port out of range', { target: 'de1:70000' }, /^target: Port 70000 is out of range/],
    ['an unknown auth', { auth: 'kerberos' }, /^auth must be one of agent, key-file, password/],
    ['key-file auth without a key file', { auth: 'key-file' }, /^keyFile is required with auth "key-file"/],
    ['a relative key file', { auth: 'key-file', keyFile: 'id_rsa' }, /^keyFile must be an absolute path or start with ~\//],
    ['a key file with agent auth', { auth: 'agent', keyFile: '/k' }, /^keyFile goes with auth "key-file" only/],
    ['an unknown predictive echo mode', { predictiveEcho: 'sometimes' }, /^predictiveEcho must be one of auto, always, never/],
    ['a half duplex that is not a boolean', { halfDuplex: 'yes' }, /^halfDuplex must be true or false/],
    ['a colour not in the palette', { color: 'mauve' }, /^color must be one of red, .*, or #rrggbb/],
    ['a short hex colour', { color: '#fff' }, /^color must be one of/],
    ['a label over 8 characters', { label: '123456789' }, /^label must be 1 to 8 characters/],
    ['an empty label', { label: '' }, /^label must be 1 to 8/],
    ['a blank label', { label: '  ' }, /^label must not be blank/],
    ['a command over 1000 characters', { commandOnConnect: 'x'.repeat(1001) }, /^commandOnConnect must be 1 to 1000/],
    ['a command over several lines', { commandOnConnect: 'ls\nrm -rf /' }, /^commandOnConnect must be .* on one line/],
    ['a jump host ssh cannot read', { jumpHost: 'a b' }, /^jumpHost: "a b" is not a valid host name/],
    ['a negative simulated round trip', { simulatedRttMs: -1 }, /^simulatedRttMs must be a whole number of milliseconds from 0 to 5000/],
    ['a fractional simulated round trip', { simulatedRttMs: 12.5 }, /^simulatedRttMs must be a whole number/],
    ['a simulated round trip over 5 s', { simulatedRttMs: 5001 }, /^simulatedRttMs must be a whole number of milliseconds from 0 to 5000/],
    ['a simulated round trip as text', { simulatedRttMs: '200' }, /^simulatedRttMs must be a whole number/],
    ['a password', { password: 'hunter2' }, /^password: longhaul never stores passwords or passphrases/],
    ['a passphrase', { passphrase: 'hunter2' }, /^passphrase: longhaul never stores/],
    ['an unknown field', { colour: 'red' }, /^colour is not a field longhaul knows/],
    ['an id', { id: 'mine' }, /^id is not a field longhaul knows/],
  ];

  it.each(refusals)('refuses %s, saying what to change', (_what, change, message) => {
    // As JSON would carry it: a field set to undefined is a field left out.
    const input = JSON.parse(JSON.stringify({ ...de1, ...change })) as SavedSessionInput;
    expect(() => store.savedSessions.create(input)).toThrow(InvalidInputError);
    expect(() => store.savedSessions.create(input)).toThrow(message);
    expect(store.savedSessions.list()).toEqual([]);
  });

  it('accepts the targets OpenSSH accepts', () => {
    for (const target of ['de1', 'alice@de1', 'de1:2222', 'alice@192.0.2.7:22', 'bob@[2001:db8::1]:2222', 'host.example.com']) {
      expect(store.savedSessions.create({ name: target, target }).target).toBe(target);
    }
  });

  it('refuses a name another session has, ignoring case (409 in the API)', () => {
    store.savedSessions.create(de1);
    expect(() => store.savedSessions.create({ name: 'DE1', target: 'de2' })).toThrow(NameTakenError);
    expect(() => store.savedSessions.create({ name: ' de1 ', target: 'de2' })).toThrow(
      'A saved session named "de1" already exists; pick another name.',
    );
  });

  it('has no column where a password or passphrase could go', () => {
    const db = new Sqlite(':memory:');
    for (const migration of MIGRATIONS) migration.up(db);
    const columns = (db.pragma('table_info(saved_sessions)') as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('auth');
    expect(columns.filter((name) => /pass|secret|token|credential/i.test(name))).toEqual([]);
    db.close();
  });
});

describe('edit, rename, remove', () => {
  it('replaces every field (PUT), keeping the id, creation time and, when none is given, the colour', () => {
    const created = store.savedSessions.create({ ...de1, label: 'DE', halfDuplex: true, color: 'teal' });
    clock = 2_000;
    const replaced = store.savedSessions.replace(created.id, { name: 'Frankfurt', target: 'alice@de1' });
    expect(replaced).toEqual({
      id: created.id,
      name: 'Frankfurt',
      target: 'alice@de1',
      auth: 'agent',
      predictiveEcho: 'auto',
      halfDuplex: false,
      keepConnected: false,
      durable: 'auto',
      keepRunningWhenClosed: false,
      shellIntegration: false,
      color: 'teal',
      createdAt: 1_000,
      updatedAt: 2_000,
    });
    expect(store.savedSessions.replace('nope', de1)).toBeUndefined();
  });

  it('changes only the fields a PATCH gives, and null clears an optional one', () => {
    const created = store.savedSessions.create({ ...de1, label: 'DE', commandOnConnect: 'uptime' });
    clock = 3_000;
    const updated = store.savedSessions.update(created.id, { halfDuplex: true, label: null });
    expect(updated).toMatchObject({ name: 'de1', halfDuplex: true, commandOnConnect: 'uptime', updatedAt: 3_000 });
    expect(updated).not.toHaveProperty('label');
    expect(store.savedSessions.update('nope', { halfDuplex: true })).toBeUndefined();
  });

  it('keeps a simulated round trip of 0 (it turns --simulate-rtt off), changes it, and clears it with null', () => {
    const created = store.savedSessions.create({ ...de1, simulatedRttMs: 0 });
    expect(created.simulatedRttMs).toBe(0);
    expect(store.savedSessions.update(created.id, { simulatedRttMs: 5000 })?.simulatedRttMs).toBe(5000);
    expect(() => store.savedSessions.update(created.id, { simulatedRttMs: 5001 })).toThrow(/^simulatedRttMs must be/);
    expect(store.savedSessions.update(created.id, { simulatedRttMs: null })).not.toHaveProperty('simulatedRttMs');
    // A replace that leaves it out drops it, like every other optional field.
    store.savedSessions.update(created.id, { simulatedRttMs: 200 });
    expect(store.savedSessions.replace(created.id, de1)).not.toHaveProperty('simulatedRttMs');
  });

  it('forgets the key file when auth moves away from key-file, and refuses a key file without it', () => {
    const created = store.savedSessions.create({ ...de1, auth: 'key-file', keyFile: '/keys/de1' });
    expect(store.savedSessions.update(created.id, { auth: 'password' })).not.toHaveProperty('keyFile');
    expect(() => store.savedSessions.update(created.id, { keyFile: '/keys/de1' })).toThrow(/keyFile goes with auth "key-file" only/);
    expect(() => store.savedSessions.update(created.id, { auth: 'agent', keyFile: '/k' })).toThrow(/keyFile goes with/);
    expect(store.savedSessions.update(created.id, { auth: 'key-file', keyFile: '/keys/new' })?.keyFile).toBe('/keys/new');
  });

  it('refuses a PATCH that breaks a rule, and leaves the session as it was', () => {
    const created = store.savedSessions.create(de1);
    expect(() => store.savedSessions.update(created.id, { target: 'not a host' })).toThrow(InvalidInputError);
    expect(() => store.savedSessions.update(created.id, { name: null } as never)).toThrow(/^name must be 1 to 64/);
    expect(store.savedSessions.get(created.id)).toEqual(created);
  });

  it('renames, refusing a name in use but allowing a change of case of its own name', () => {
    const a = store.savedSessions.create(de1);
    store.savedSessions.create({ name: 'de2', target: 'de2' });
    expect(store.savedSessions.rename(a.id, 'Frankfurt')?.name).toBe('Frankfurt');
    expect(() => store.savedSessions.rename(a.id, 'DE2')).toThrow(NameTakenError);
    expect(store.savedSessions.rename(a.id, 'FRANKFURT')?.name).toBe('FRANKFURT');
    expect(store.savedSessions.rename('nope', 'x')).toBeUndefined();
  });

  it('removes, keeping the closed-session history but unlinking it', () => {
    const a = store.savedSessions.create(de1);
    const closed = store.closedSessions.add({ target: 'de1', savedSessionId: a.id, closedAt: 5, scrollback: '$ ' });
    expect(closed.savedSessionId).toBe(a.id);
    expect(store.savedSessions.remove(a.id)).toBe(true);
    expect(store.savedSessions.remove(a.id)).toBe(false);
    expect(store.savedSessions.get(a.id)).toBeUndefined();
    expect(store.closedSessions.get(closed.id)).toMatchObject({ target: 'de1', scrollback: '$ ' });
    expect(store.closedSessions.get(closed.id)).not.toHaveProperty('savedSessionId');
  });
});
