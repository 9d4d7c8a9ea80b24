import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir, parseListen, parseOptions, UsageError } from './cli.js';

const home = '/home/me';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-cli-unit-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
function tokenFile(name: string, text: string, mode: number): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

describe('parseOptions', () => {
  it('has loopback, the XDG data dir and the user ssh files as defaults', () => {
    expect(parseOptions([], {}, home)).toEqual({
      listenHost: '127.0.0.1',
      listenPort: 8022,
      dataDir: '/home/me/.local/share/longhaul',
      sshConfig: '/home/me/.ssh/config',
      sshConfigExplicit: false,
      knownHosts: '/home/me/.ssh/known_hosts',
      knownHostsExplicit: false,
      open: true,
      allowHosts: [],
      insecureListen: false,
      simulateRttMs: 0,
      keepClosedMinutes: 15,
      outputBufferMiB: 4,
      maxSessions: 1000,
      maxConnectsPerMinute: 120,
      durable: true,
    });
    expect(defaultDataDir({ XDG_DATA_HOME: '/xdg' }, home)).toBe('/xdg/longhaul');
  });

  it('reads every option', () => {
    const options = parseOptions(
      ['--listen', '[::1]:0', '--data-dir', '/d', '--no-open', '--token', 'a-long-enough-token', '--known-hosts', '/dev/null'],
      {},
      home,
    );
    expect(options).toMatchObject({ listenHost: '::1', listenPort: 0, dataDir: '/d', open: false, token: 'a-long-enough-token', knownHosts: '/dev/null' });
    expect(parseOptions(['--help'], {}, home)).toBe('help');
    expect(parseOptions(['--simulate-rtt', '250'], {}, home)).toMatchObject({ simulateRttMs: 250 });
    expect(parseOptions(['--keep-closed', '0', '--output-buffer', '16'], {}, home)).toMatchObject({ keepClosedMinutes: 0, outputBufferMiB: 16 });
    expect(parseOptions(['--max-sessions', '500', '--max-connects-per-minute=1'], {}, home)).toMatchObject({ maxSessions: 500, maxConnectsPerMinute: 1 });
    expect(parseOptions(['--durable', 'auto'], {}, home)).toMatchObject({ durable: true });
    expect(parseOptions(['--durable', 'on'], {}, home)).toMatchObject({ durable: true });
    expect(parseOptions(['--durable=off'], {}, home)).toMatchObject({ durable: false });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--listen', '8022'], /--listen takes HOST:PORT/],
    [['--durable', 'yes'], /--durable takes auto or off, not "yes"/],
    [['--listen', 'localhost:70000'], /--listen takes HOST:PORT/],
    [['--listen', '0.0.0.0:8022'], /--tls-cert and --tls-key, or --insecure-listen/],
    [['--ssh-config', '/no/such/file'], /--ssh-config: cannot read \/no\/such\/file/],
    [['--tls-cert', '/etc/hostname'], /go together/],
    [['--token', 'short'], /at least 16/],
    [['extra'], /positional/i],
    [['--simulate-rtt=-5'], /--simulate-rtt takes a round trip in milliseconds/],
    [['--simulate-rtt', 'slow'], /--simulate-rtt takes a round trip in milliseconds/],
    [['--keep-closed', '1.5'], /--keep-closed takes a whole number of minutes from 0 to 10080/],
    [['--output-buffer', '0'], /--output-buffer takes a whole number of MiB from 1 to 256/],
    [['--max-sessions', '0'], /--max-sessions takes a whole number of sessions from 1 to 100000, not "0"/],
    [['--max-sessions', '1e3'], /--max-sessions takes a whole number of sessions from 1 to 100000/],
    [['--max-sessions'], /--max-sessions <value>' argument missing/],
    [['--max-connects-per-minute', '-1'], /--max-connects-per-minute/],
    [['--allow-host', 'evil.example:8022'], /--allow-host takes a host name or address without a port \(for example longhaul.example.com\), not "evil.example:8022"/],
    [['--allow-host', 'http://x'], /--allow-host takes a host name/],
    [['--token-file', '/no/such/token'], /^--token-file: cannot read \/no\/such\/token$/],
    [['--token', 'a-long-enough-token', '--token-file', '/etc/hostname'], /give --token or --token-file, not both/],
    [['--max-connects-per-minute', '10001'], /--max-connects-per-minute takes a whole number of connections from 1 to 10000, not "10001"/],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseOptions(argv, {}, home)).toThrow(UsageError);
    try {
      parseOptions(argv, {}, home);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads the token from --token-file, and names from each --allow-host', () => {
    const file = tokenFile('token', 'token-from-a-file-0123\n', 0o600);
    expect(parseOptions(['--token-file', file], {}, home)).toMatchObject({ token: 'token-from-a-file-0123' });
    expect(parseOptions(['--allow-host', 'Longhaul.Example.com', '--allow-host', '[fd00::1]', '--allow-host', '10.0.0.5'], {}, home)).toMatchObject({
      allowHosts: ['longhaul.example.com', 'fd00::1', '10.0.0.5'],
    });
  });

  it('refuses a --token-file others can read, saying how to fix it', () => {
    const file = tokenFile('open-token', 'token-from-a-file-0123\n', 0o644);
    expect(() => parseOptions(['--token-file', file], {}, home)).toThrow(
      `--token-file: ${file} can be read or changed by other users (mode 644); make it yours alone with chmod 600 ${file}`,
    );
  });

  it('allows a non-loopback address with --insecure-listen', () => {
    expect(parseOptions(['--listen', '0.0.0.0:8022', '--insecure-listen'], {}, home)).toMatchObject({ listenHost: '0.0.0.0' });
  });

  it('parses listen addresses', () => {
    expect(parseListen('localhost:1')).toEqual({ host: 'localhost', port: 1 });
    expect(() => parseListen('[::1]')).toThrow(UsageError);
  });
});

describe('the longhaul command', () => {
  const main = path.join(import.meta.dirname, 'main.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 20_000 });

  it('exits 2 with a one-line error for a bad option', () => {
    const result = run('--listen', 'nowhere');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^longhaul: --listen takes HOST:PORT/);
  });

  it('exits 2 with a one-line error for a token file others can read', () => {
    const file = tokenFile('command-open-token', 'token-from-a-file-0123\n', 0o640);
    const result = run('--token-file', file);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^longhaul: --token-file: .* can be read or changed by other users \(mode 640\); make it yours alone with chmod 600 /);
  });

  it('prints help', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--listen HOST:PORT/);
    expect(result.stdout).toMatch(/--token-file FILE .*\n.*preferred to --token, which other users can see in the process list/);
    expect(result.stdout).toMatch(/--allow-host NAME/);
    expect(result.stdout).toMatch(/--max-sessions N .*\n.*\(default 1000\)/);
    expect(result.stdout).toMatch(/--max-connects-per-minute N\n[\s\S]*?\(default 120\)/);
  });
});
