import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_GLOBAL_KNOWN_HOSTS, entryMatches, hostId, KnownHosts, knownHostsFiles, parseKnownHosts } from './knownHosts.js';
import type { HostKeyPolicy } from './target.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-knownhosts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

describe('known_hosts', () => {
  it('names hosts as OpenSSH does', () => {
    expect(hostId('de1.example', 22)).toBe('de1.example');
    expect(hostId('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('matches plain, [host]:port, comma lists, wildcards and negations', () => {
    const [plain, ported, patterns] = parseKnownHosts(
      `de1.example,198.51.100.7 ${KEY}\n[127.0.0.1]:2222 ${KEY}\n*.lan,!secret.lan ${KEY}\n`,
      'f',
    );
    expect(entryMatches(plain!, '198.51.100.7')).toBe(true);
    expect(entryMatches(plain!, '[198.51.100.7]:2222')).toBe(false);
    expect(entryMatches(ported!, '[127.0.0.1]:2222')).toBe(true);
    expect(entryMatches(ported!, '127.0.0.1')).toBe(false);
    expect(entryMatches(patterns!, 'nas.lan')).toBe(true);
    expect(entryMatches(patterns!, 'secret.lan')).toBe(false);
  });

  it('matches entries hashed by ssh-keygen -H', () => {
    const file = path.join(dir, 'hashed');
    fs.writeFileSync(file, `[127.0.0.1]:2222 ${KEY}\nde1.example ${KEY}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
    expect(entries.filter((e) => entryMatches(e, '[127.0.0.1]:2222'))).toHaveLength(1);
    expect(entries.filter((e) => entryMatches(e, 'de1.example'))).toHaveLength(1);
    expect(entries.filter((e) => entryMatches(e, 'other.example'))).toHaveLength(0);
  });

  it('skips comments, blank and malformed lines, and reads markers', () => {
    const entries = parseKnownHosts(`# comment\n\ngarbage\nhost ssh-ed25519 !!!\n@revoked * ${KEY}\n`, 'f');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ marker: 'revoked', line: 5 });
  });

  it('reads the user file but writes only its own, in a form ssh-keygen -F finds', () => {
    const userFile = path.join(dir, 'user_known_hosts');
    fs.writeFileSync(userFile, `[127.0.0.1]:2222 ${KEY}\n`);
    const before = fs.readFileSync(userFile, 'utf8');
    const own = path.join(dir, 'data', 'known_hosts');
    const known = new KnownHosts(userFile, own);
    known.trust('127.0.0.1', 2200, 'ssh-ed25519', Buffer.from(KEY.split(' ')[1]!, 'base64'));
    expect(fs.readFileSync(userFile, 'utf8')).toBe(before);
    expect(known.entriesFor('127.0.0.1', 2222).map((e) => e.file)).toEqual([userFile]);
    expect(known.entriesFor('127.0.0.1', 2200).map((e) => e.file)).toEqual([own]);
    expect(fs.statSync(own).mode & 0o777).toBe(0o600);
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:2200', '-f', own], { encoding: 'utf8' });
    expect(found).toContain('ssh-ed25519');
  });

  it('reads the system file too, and UserKnownHostsFile / GlobalKnownHostsFile replace the defaults', () => {
    const user = path.join(dir, 'kh-user');
    const global = path.join(dir, 'kh-global');
    const listed = path.join(dir, 'kh-listed');
    fs.writeFileSync(user, `[127.0.0.1]:2201 ${KEY}\n`);
    fs.writeFileSync(global, `[127.0.0.1]:2201 ${KEY}\n`);
    fs.writeFileSync(listed, `[127.0.0.1]:2201 ${KEY}\n`);
    const own = path.join(dir, 'own-2201');
    const known = new KnownHosts(user, own, { globalFiles: [global] });
    expect(known.entriesFor('127.0.0.1', 2201).map((e) => e.file)).toEqual([user, global]);
    const policy: HostKeyPolicy = { strict: 'ask', userKnownHostsFiles: [listed], globalKnownHostsFiles: [] };
    expect(known.entriesFor('127.0.0.1', 2201, policy).map((e) => e.file)).toEqual([listed]);
    expect(known.entriesFor('127.0.0.1', 2201, { strict: 'ask', userKnownHostsFiles: [] }).map((e) => e.file)).toEqual([global]);
  });
});

describe('knownHostsFiles', () => {
  const base = { userFile: '/home/me/.ssh/known_hosts', userFileFromCommandLine: false, globalFiles: DEFAULT_GLOBAL_KNOWN_HOSTS, ownFile: '/data/known_hosts' };

  it('reads OpenSSH\'s defaults, then longhaul\'s own', () => {
    expect(knownHostsFiles(undefined, base)).toEqual(['/home/me/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2', '/data/known_hosts']);
  });

  it('takes several UserKnownHostsFile files, or none', () => {
    expect(knownHostsFiles({ userKnownHostsFiles: ['/a', '/b'] }, base)).toEqual(['/a', '/b', ...DEFAULT_GLOBAL_KNOWN_HOSTS, '/data/known_hosts']);
    expect(knownHostsFiles({ userKnownHostsFiles: [], globalKnownHostsFiles: [] }, base)).toEqual(['/data/known_hosts']);
  });

  it('lets --known-hosts win over UserKnownHostsFile, as ssh -o beats the config', () => {
    expect(knownHostsFiles({ userKnownHostsFiles: ['/a'] }, { ...base, userFileFromCommandLine: true })[0]).toBe('/home/me/.ssh/known_hosts');
  });
});
