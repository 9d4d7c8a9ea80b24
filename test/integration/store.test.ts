// The store survives SIGKILL at any moment with every committed saved session, and longhaul opens and closes it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../server/store/migrations.js';
import { openStore, storeFile } from '../../server/store/store.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-store-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const writer = path.resolve(import.meta.dirname, '../support/storeWriter.ts');
const main = path.resolve(import.meta.dirname, '../../server/main.ts');

interface Round {
  saved: Map<string, string>;
  closed: number[];
  output: string;
}

/** When the kill timer starts: at the spawn (lands in startup or a migration), once the store is open, or at the first commit. */
type KillFrom = 'spawn' | 'ready' | 'commit';

/** One round: start the writer on the file, SIGKILL it `delayMs` after `from`, and collect what it reported. */
function killedWriterRound(file: string, round: number, delayMs: number, from: KillFrom): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const saved = new Map<string, string>();
  const closed: number[] = [];
  let pending = '';
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  const startTimer = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs));
  if (from === 'spawn') startTimer();
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!; // a line cut by the kill was never fully reported, so it does not count
    for (const line of lines) {
      const [kind, id, name] = line.split(' ');
      if (kind === 'saved') saved.set(id!, name!);
      if (kind === 'closed') closed.push(Number(id));
      if ((kind === 'ready' && from === 'ready') || (kind === 'saved' && from === 'commit')) startTimer();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the writer exited by itself (${code}): ${output}`));
      else resolve({ saved, closed, output });
    });
  });
}

describe('the store under SIGKILL', () => {
  it('opens intact after writers are killed mid-write, with every saved session they reported committed', async () => {
    const file = storeFile(path.join(work, 'kill'));
    const saved = new Map<string, string>();
    const closed: number[] = [];
    const rounds: string[] = [];
    const maxDelayMs: Record<KillFrom, number> = { spawn: 2_000, ready: 60, commit: 400 };
    for (let round = 0; round < 9; round++) {
      const from = (['spawn', 'ready', 'commit'] as const)[round % 3]!;
      const delay = Math.floor(Math.random() * maxDelayMs[from]);
      const result = await killedWriterRound(file, round, delay, from);
      for (const [id, name] of result.saved) saved.set(id, name);
      closed.push(...result.closed);
      rounds.push(`round ${round}: killed ${delay} ms after ${from}, ${result.saved.size} saved reported`);
    }
    const context = rounds.join('\n');
    expect(saved.size, context).toBeGreaterThan(0);

    const store = openStore({ file });
    try {
      expect(store.integrityCheck(), context).toEqual(['ok']);
      const present = new Map(store.savedSessions.list().map((session) => [session.id, session.name]));
      const missing = [...saved].filter(([id, name]) => present.get(id) !== name);
      expect(missing, context).toEqual([]);
      // Closed sessions: the history keeps the newest entries only; every reported one still in range is there.
      const kept = store.closedSessions.list().map((entry) => entry.id);
      const oldestKept = Math.min(...kept);
      for (const id of closed.filter((id) => id >= oldestKept)) {
        expect(store.closedSessions.get(id)?.scrollbackBytes, `closed ${id}\n${context}`).toBeGreaterThan(0);
      }
    } finally {
      store.close();
    }
    const db = new Sqlite(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  }, 120_000);
});

describe('longhaul and its store', () => {
  function runLonghaul(dataDir: string): Promise<{ code: number | null; output: string; stopWith(signal: NodeJS.Signals): Promise<number | null> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--no-open', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return new Promise((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/^longhaul ready: /m.test(output)) {
          resolve({
            code: null,
            output,
            async stopWith(signal) {
              child.kill(signal);
              return exited;
            },
          });
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => resolve({ code, output, stopWith: async () => code }));
    });
  }

  it('creates longhaul.db in the data directory and closes it cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const dataDir = path.join(work, `run-${signal}`);
      const started = await runLonghaul(dataDir);
      expect(started.code, started.output).toBeNull();
      expect(fs.existsSync(path.join(dataDir, 'longhaul.db'))).toBe(true);
      expect(await started.stopWith(signal)).toBe(0);
      // The last connection to close checkpoints the WAL and removes it: a sign the store was closed, not dropped.
      expect(fs.existsSync(path.join(dataDir, 'longhaul.db-wal')), signal).toBe(false);
    }
  });

  it('refuses a store from a newer longhaul with one line and exit code 2', async () => {
    const dataDir = path.join(work, 'newer');
    openStore({ file: storeFile(dataDir) }).close();
    const db = new Sqlite(storeFile(dataDir));
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const result = await runLonghaul(dataDir);
    expect(result.code).toBe(2);
    expect(result.output).toBe(
      `longhaul: ${storeFile(dataDir)} was written by a newer longhaul (store version ${SCHEMA_VERSION + 5}; ` +
        `this one knows up to ${SCHEMA_VERSION}). Upgrade longhaul, or start this one with another --data-dir.\n`,
    );
  });

  it('refuses a store it cannot open with one line and exit code 2', async () => {
    const dataDir = path.join(work, 'garbage');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(storeFile(dataDir), 'not a database at all\n'.repeat(200));
    const result = await runLonghaul(dataDir);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/^longhaul: .*longhaul\.db is not an SQLite database, so not longhaul's store; .*\n$/);
    expect(result.output.trim().split('\n')).toHaveLength(1);
  });
});
