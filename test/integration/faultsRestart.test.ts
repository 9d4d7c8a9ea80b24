// Crash safety: longhaul killed with SIGKILL (also in the middle of API writes) and started again on the same data dir keeps every saved session and closed-session history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ClosedSession, ClosedSessionSummary, SavedSession, SavedSessionList } from '../../shared/savedSessions.js';
import { de1Args, keptLiveOutput, startLonghaul, type LonghaulProcess } from '../support/longhaulProcess.js';
import { TabClient } from '../support/tabClient.js';

const sshd = inject('sshd');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-restart-'));
// An empty HOME: the machine's own ~/.ssh keys must not decide how these tests log in.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-restart-home-'));
afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

// Shells on a pty (as on a host without tmux): a killed longhaul's shells end, into history.
const args = [...de1Args(work, sshd, sshd.port), '--durable', 'off'];
const dataDir = args[args.indexOf('--data-dir') + 1]!;
const ROUNDS = 3;
const WRITERS = 3;

/** What longhaul has confirmed: a state that must be there, exactly, after any restart. */
interface Confirmed {
  saved: Map<string, SavedSession>;
  /** Burst-created sessions whose label PATCH was sent but not answered: either label is acceptable. */
  labelInDoubt: Map<string, string>;
  deleted: Set<string>;
  closed: Map<number, ClosedSession>;
  lines: string[];
}

class Api {
  readonly token: string;
  constructor(readonly longhaul: LonghaulProcess) {
    this.token = new URL(longhaul.url).searchParams.get('token')!;
  }

  async call<T>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.longhaul.origin}${route}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T>(method: string, route: string, body?: unknown, status = 200): Promise<T> {
    const answer = await this.call<T>(method, route, body);
    expect(answer.status, `${method} ${route}: ${JSON.stringify(answer.body)}`).toBe(status);
    return answer.body;
  }

  get wsUrl(): string {
    return `${this.longhaul.origin.replace(/^http/, 'ws')}/ws`;
  }
}

async function start(): Promise<Api> {
  return new Api(await startLonghaul(args, { HOME: home }, { fromSource: true }));
}

/** Opens a shell, prints a coloured marker, ends it as `how` says, and returns its entry in the history. */
async function closedSessionWith(api: Api, marker: string, how: 'exit' | 'close', savedSessionId?: string): Promise<ClosedSession> {
  const tab = await TabClient.connect(api.wsUrl, { token: api.token });
  tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24, ...(savedSessionId ? { savedSessionId } : {}) });
  const { sessionId } = await tab.next('ready');
  // The shell computes the marker, so the echoed command line does not contain it.
  tab.type(`printf '\\033[32m%s\\033[0m\\n' "${marker}-$((6*7))"\r`);
  await tab.waitForOutput(`\x1b[32m${marker}-42\x1b[0m`);
  if (how === 'exit') tab.type('exit 0\r');
  else tab.send({ type: 'close' });
  expect((await tab.next('closed')).reason).toBe(how === 'exit' ? 'exit' : 'user');
  tab.close();
  let summary: ClosedSessionSummary | undefined;
  await expect
    .poll(async () => {
      const { closed } = await api.ok<{ closed: ClosedSessionSummary[] }>('GET', '/api/sessions/closed');
      summary = closed.find((entry) => entry.liveSessionId === sessionId);
      return summary;
    }, { timeout: 10_000 })
    .toBeTruthy();
  const entry = await api.ok<ClosedSession>('GET', `/api/sessions/closed/${summary!.id}`);
  expect(entry.scrollback).toContain(`\x1b[32m${marker}-42\x1b[0m`);
  if (savedSessionId) expect(entry.savedSessionId).toBe(savedSessionId);
  return entry;
}

/** Everything confirmed so far is there, unchanged. */
async function expectKept(api: Api, confirmed: Confirmed, context: string): Promise<void> {
  const { saved } = await api.ok<SavedSessionList>('GET', '/api/sessions/saved');
  const byId = new Map(saved.map((session) => [session.id, session]));
  for (const [id, expected] of confirmed.saved) {
    const found = byId.get(id);
    const inDoubt = confirmed.labelInDoubt.get(id);
    if (found && inDoubt !== undefined && found.label === inDoubt) {
      // The PATCH committed before the kill; everything but the label and its time stamp is as confirmed.
      const { label: _l, updatedAt: _u, ...rest } = found;
      const { label: _el, updatedAt: _eu, ...expectedRest } = expected;
      expect(rest, `${id}; ${context}`).toEqual(expectedRest);
    } else {
      expect(found, `saved session ${expected.name} (${id}); ${context}`).toEqual(expected);
    }
  }
  for (const id of confirmed.deleted) expect(byId.has(id), `deleted ${id} came back; ${context}`).toBe(false);
  for (const [id, expected] of confirmed.closed) {
    expect(await api.ok<ClosedSession>('GET', `/api/sessions/closed/${id}`), `closed session ${id}; ${context}`).toEqual(expected);
  }
  const history = await api.ok<{ lines: string[] }>('GET', '/api/line-history/de1');
  for (const line of confirmed.lines) expect(history.lines, context).toContain(line);
}

/**
 * Writers create saved sessions (and label each) as fast as longhaul answers, until it is killed. Only what
 * was answered counts as confirmed; a request cut off by the kill may or may not have committed.
 */
function burstOfWrites(
  api: Api,
  round: number,
  confirmed: Confirmed,
  stop: AbortSignal,
): { firstAnswer: Promise<void>; done: Promise<number>; inFlight: () => number } {
  let answered = 0;
  let inFlight = 0;
  /** Counts a request as in flight until its answer (or its failure) is back. */
  const sent = async <T>(request: Promise<T>): Promise<T> => {
    inFlight++;
    try {
      return await request;
    } finally {
      inFlight--;
    }
  };
  let signalFirst!: () => void;
  const firstAnswer = new Promise<void>((resolve) => (signalFirst = resolve));
  const writer = async (w: number) => {
    for (let i = 0; !stop.aborted; i++) {
      const name = `burst-${round}-${w}-${i}`;
      let created: SavedSession;
      try {
        const answer = await sent(api.call<SavedSession>('POST', '/api/sessions/saved', { name, target: 'de1', halfDuplex: i % 2 === 0 }));
        if (answer.status !== 201) throw new Error(`POST ${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        created = answer.body;
      } catch (error) {
        if (stop.aborted) return;
        throw error;
      }
      confirmed.saved.set(created.id, created);
      answered++;
      signalFirst();
      const label = `L${i % 1000}`;
      confirmed.labelInDoubt.set(created.id, label);
      try {
        const answer = await sent(api.call<SavedSession>('PATCH', `/api/sessions/saved/${created.id}`, { label }));
        if (answer.status !== 200) throw new Error(`PATCH ${name} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        confirmed.saved.set(created.id, answer.body);
        confirmed.labelInDoubt.delete(created.id);
      } catch (error) {
        if (stop.aborted) return;
        throw error;
      }
    }
  };
  const done = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).then(() => answered);
  // A writer that fails before the first answer must not leave the caller waiting for it.
  void done.catch(() => signalFirst());
  return { firstAnswer, done, inFlight: () => inFlight };
}

describe('longhaul killed with SIGKILL and started again on the same data dir', () => {
  it('keeps every saved session, closed session and history line it confirmed, round after round', async () => {
    const confirmed: Confirmed = { saved: new Map(), labelInDoubt: new Map(), deleted: new Set(), closed: new Map(), lines: [] };
    let token: string | undefined;
    let liveBeforeKill: string | undefined;

    for (let round = 0; round < ROUNDS; round++) {
      const api = await start();
      const context = `round ${round}`;
      try {
        if (token) expect(api.token, 'the token changed across the restart').toBe(token);
        token = api.token;
        await expectKept(api, confirmed, `${context}, after the restart`);
        if (liveBeforeKill) {
          // Running shells end with longhaul (README): the old session is gone, not half there.
          expect((await api.ok<{ sessions: unknown[] }>('GET', '/api/sessions/live')).sessions).toEqual([]);
          const late = await TabClient.connect(api.wsUrl, { token: api.token });
          late.send({ type: 'attach', sessionId: liveBeforeKill, offset: 0, cols: 80, rows: 24 });
          expect((await late.next('closed')).reason).toBe('gone');
          late.close();
        }

        // Saved sessions of every shape, an edit, and a deletion.
        const made: SavedSession[] = [];
        for (const body of [
          { name: `plain ${round}`, target: 'de1' },
          { name: `key file ${round}`, target: 'de1', auth: 'key-file', keyFile: sshd.userKeyPath, color: 'teal', label: `kf${round}` },
          { name: `password ${round}`, target: 'de1', auth: 'password', predictiveEcho: 'never', halfDuplex: true },
          { name: `jump ${round}`, target: 'de1', jumpHost: 'de1', commandOnConnect: 'uptime; echo Grüße', color: '#12ab9f' },
          { name: `to delete ${round}`, target: `${sshd.user}@127.0.0.1:${sshd.port}` },
        ]) {
          made.push(await api.ok<SavedSession>('POST', '/api/sessions/saved', body, 201));
        }
        for (const session of made) confirmed.saved.set(session.id, session);
        const edited = await api.ok<SavedSession>('PATCH', `/api/sessions/saved/${made[0]!.id}`, { name: `plain ${round} (renamed)`, color: 'purple' });
        confirmed.saved.set(edited.id, edited);
        await api.ok('DELETE', `/api/sessions/saved/${made[4]!.id}`, undefined, 204);
        confirmed.saved.delete(made[4]!.id);
        confirmed.deleted.add(made[4]!.id);

        // Closed sessions with scrollback: one ended by the shell, one closed from its tab (from a saved session).
        for (const entry of [
          await closedSessionWith(api, `exited-in-round-${round}`, 'exit'),
          await closedSessionWith(api, `closed-in-round-${round}`, 'close', made[0]!.id),
        ]) {
          confirmed.closed.set(entry.id, entry);
        }
        for (const line of [`echo line-${round}-a`, `ls -la # line ${round}`]) {
          await api.ok('POST', '/api/line-history/de1', { line }, 204);
          confirmed.lines.push(line);
        }
        await expectKept(api, confirmed, `${context}, before the kill`);

        // A shell still running when longhaul dies.
        const live = await TabClient.connect(api.wsUrl, { token: api.token });
        live.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
        liveBeforeKill = (await live.next('ready')).sessionId;

        // The kill lands while writes are in flight: a random moment after the first one was answered.
        const stop = new AbortController();
        const burst = burstOfWrites(api, round, confirmed, stop.signal);
        await burst.firstAnswer;
        await sleep(20 + Math.floor(Math.random() * 400));
        stop.abort();
        const inFlightAtKill = burst.inFlight();
        await api.longhaul.stop('SIGKILL');
        expect(inFlightAtKill, `${context}: the kill did not land during writes`).toBeGreaterThan(0);
        expect(api.longhaul.child.signalCode).toBe('SIGKILL');
        const answered = await burst.done;
        expect(answered, `${context}: no write was answered before the kill`).toBeGreaterThan(0);
        live.close();
        // Killed, not closed: the WAL was not checkpointed away, so the restart must recover from it.
        expect(fs.existsSync(path.join(dataDir, 'longhaul.db-wal')), `${context}: no WAL after the kill`).toBe(true);
      } finally {
        await api.longhaul.stop('SIGKILL');
      }
    }

    const last = await start();
    try {
      await expectKept(last, confirmed, 'after the last restart');
      // Still writable, and names stay unique across the restarts.
      await last.ok('POST', '/api/sessions/saved', { name: 'after every kill', target: 'de1' }, 201);
      const taken = await last.call<{ error: string }>('POST', '/api/sessions/saved', { name: 'key file 0', target: 'de1' });
      expect(taken.status).toBe(409);
    } finally {
      await last.longhaul.stop('SIGTERM');
    }
    expect(last.longhaul.child.exitCode).toBe(0);
    const db = new Sqlite(path.join(dataDir, 'longhaul.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 240_000);
});

describe('a shell running when longhaul is killed', () => {
  it('is in history after the restart, with the output it printed before the kill', async () => {
    const crashWork = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-faults-crash-'));
    const crashArgs = [...de1Args(crashWork, sshd, sshd.port), '--durable', 'off'];
    const crashData = crashArgs[crashArgs.indexOf('--data-dir') + 1]!;
    const startCrashed = async () => new Api(await startLonghaul(crashArgs, { HOME: home }, { fromSource: true }));
    let api = await startCrashed();
    try {
      // One session ends normally before the kill: it must be in history once, not again as a crashed one.
      const exited = await closedSessionWith(api, 'exited-before-the-kill', 'exit');

      const tab = await TabClient.connect(api.wsUrl, { token: api.token });
      tab.send({ type: 'open', target: 'de1', cols: 80, rows: 24 });
      const { sessionId } = await tab.next('ready');
      tab.type(`printf '\\033[35m%s\\033[0m\\n' "printed-before-the-kill-$((6*7))"\r`);
      const marker = '\x1b[35mprinted-before-the-kill-42\x1b[0m';
      await tab.waitForOutput(marker);
      // longhaul keeps live output every few seconds; wait until the file holds it, as a kill would find it.
      await expect.poll(() => keptLiveOutput(crashData).some((text) => text.includes(marker)), { timeout: 20_000, interval: 250 }).toBe(true);
      await api.longhaul.stop('SIGKILL');
      tab.close();

      api = await startCrashed();
      const { closed } = await api.ok<{ closed: ClosedSessionSummary[] }>('GET', '/api/sessions/closed');
      const crashed = closed.filter((entry) => entry.liveSessionId === sessionId);
      expect(crashed, 'the killed session has one history entry').toHaveLength(1);
      const entry = await api.ok<ClosedSession>('GET', `/api/sessions/closed/${crashed[0]!.id}`);
      expect(entry.scrollback).toContain(marker);
      expect(entry.endMessage).toBe('longhaul stopped unexpectedly; the session to de1 ended.');
      expect(closed.filter((e) => e.liveSessionId === exited.liveSessionId)).toHaveLength(1);
      // Nothing is left marked live, and the shell itself is gone.
      expect(keptLiveOutput(crashData)).toEqual([]);
      expect((await api.ok<{ sessions: unknown[] }>('GET', '/api/sessions/live')).sessions).toEqual([]);
    } finally {
      await api.longhaul.stop('SIGKILL');
      fs.rmSync(crashWork, { recursive: true, force: true });
    }
  }, 90_000);
});
