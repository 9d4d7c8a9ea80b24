// One search over live and closed sessions: order, states, the hit cap, the time limit and bad expressions.
import { describe, expect, it } from 'vitest';
import type { SearchQuery } from '../../shared/search.js';
import { openStore } from '../store/store.js';
import { BadQueryError } from './searchQuery.js';
import { searchAllSessions, type LiveSessionText, type SearchSources } from './searchSessions.js';

const plain = (text: string, options: Partial<SearchQuery> = {}): SearchQuery => ({
  text,
  caseSensitive: false,
  wholeWord: false,
  regex: false,
  ...options,
});

function sources(live: LiveSessionText[], closed: string[], now: () => number = () => 0): SearchSources {
  const store = openStore({ file: ':memory:' });
  for (const [i, output] of closed.entries()) store.closedSessions.add({ target: 'de2', title: `old ${i}`, closedAt: 100 + i, scrollback: output });
  return {
    live,
    closedCandidates: (literal) => store.closedSessions.text.candidates(literal),
    closed: (id) => {
      const entry = store.closedSessions.get(id)!;
      return { id, target: entry.target, label: entry.title, closedAt: entry.closedAt, output: entry.scrollback };
    },
    now,
  };
}

const liveTab = (id: string, output: string): LiveSessionText => ({ id, target: 'de1', label: 'web', startedAt: 5, output: () => output });

describe('searchAllSessions', () => {
  it('lists live hits first, then closed ones newest first, each with its line number and highlighted line', () => {
    const result = searchAllSessions(
      plain('token-42'),
      sources([liveTab('s1', '$ echo \x1b[1mtoken-42\x1b[0m\r\ntoken-42\r\n$ ')], ['nothing\r\n', 'a\r\nb\r\nsaw token-42 here\r\n', 'TOKEN-42\r\n']),
    );
    expect(result.truncated).toBe(false);
    expect(result.timedOut).toBe(false);
    expect(result.hits.map((hit) => [hit.session.state, hit.session.label, hit.lineNumber, hit.line])).toEqual([
      ['live', 'web', 0, '$ echo token-42'],
      ['live', 'web', 1, 'token-42'],
      ['closed', 'old 2', 0, 'TOKEN-42'],
      ['closed', 'old 1', 2, 'saw token-42 here'],
    ]);
    const hit = result.hits[3]!;
    expect(hit.session).toEqual({ id: expect.any(String), state: 'closed', target: 'de2', label: 'old 1', at: 101 });
    expect(hit.line.slice(hit.ranges[0]!.start, hit.ranges[0]!.end)).toBe('token-42');
    expect(result.hits[2]!.match).toBe('TOKEN-42');
  });

  it('applies case and whole-word to the closed sessions the index offers', () => {
    const src = sources([], ['Deploy done\r\n', 'deployed\r\n']);
    expect(searchAllSessions(plain('deploy', { caseSensitive: true }), src).hits.map((hit) => hit.line)).toEqual(['deployed']);
    expect(searchAllSessions(plain('deploy', { wholeWord: true }), src).hits.map((hit) => hit.line)).toEqual(['Deploy done']);
    expect(searchAllSessions(plain('de', { wholeWord: false }), src).hits).toHaveLength(2); // too short to index: read
    expect(searchAllSessions(plain('dep\\w+ed', { regex: true }), src).hits.map((hit) => hit.line)).toEqual(['deployed']);
  });

  it('stops at the hit cap and says "showing the first" that many', () => {
    const many = Array.from({ length: 30 }, (_, i) => `hit ${i}`).join('\r\n');
    const result = searchAllSessions(plain('hit'), sources([liveTab('s1', many)], [many]), { maxHits: 25, timeLimitMs: 1000 });
    expect(result.hits).toHaveLength(25);
    expect(result.truncated).toBe(true);
    expect(result.note).toBe('Showing the first 25 hits; a narrower search finds the rest.');
  });

  it('stops a regular expression that backtracks without end at the time limit, keeping what it found', () => {
    const output = `found x\r\n${'a'.repeat(40)}\r\nfound y\r\n`;
    const started = performance.now();
    const result = searchAllSessions(plain('found|(a+)+b', { regex: true }), sources([liveTab('s1', output)], []), { maxHits: 200, timeLimitMs: 300 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.timedOut).toBe(true);
    expect(result.hits.map((hit) => hit.line)).toEqual(['found x']);
    expect(result.note).toMatch(/^The search stopped after 0.3 s; showing the 1 hits found by then/);
  });

  it('lists run hits after the sessions\', naming the run, its command, the host and where, and the cap counts both', () => {
    const store = openStore({ file: ':memory:' });
    const result = (target: string, stdout: string) => ({ target, exitCode: 0, stdout, stderr: '', durationMs: 1 });
    store.commandRuns.record({ id: 'r1', command: 'cat /etc/motd_deploy', targets: ['isu01', 'isu02'], startedAt: 50, endedAt: 60, stopped: false,
      results: [result('isu01', 'no deploy today\n'), { target: 'isu02', error: 'deploy host isu02 refused the connection.' }] });
    const src: SearchSources = { ...sources([liveTab('s1', 'deploy started\r\n')], []), runCandidates: (literal) => store.commandRuns.text.candidates(literal), run: (id) => store.commandRuns.text.run(id) };
    const found = searchAllSessions(plain('deploy'), src);
    expect(found.hits.map((hit) => hit.line)).toEqual(['deploy started']);
    expect(found.runHits).toEqual([
      { run: { id: 'r1', command: 'cat /etc/motd_deploy', at: 50 }, in: 'command', lineNumber: 0, line: 'cat /etc/motd_deploy', ranges: [{ start: 14, end: 20 }], match: 'deploy' },
      { run: { id: 'r1', command: 'cat /etc/motd_deploy', at: 50 }, target: 'isu01', in: 'stdout', lineNumber: 0, line: 'no deploy today', ranges: [{ start: 3, end: 9 }], match: 'deploy' },
      { run: { id: 'r1', command: 'cat /etc/motd_deploy', at: 50 }, target: 'isu02', in: 'error', lineNumber: 0, line: 'deploy host isu02 refused the connection.', ranges: [{ start: 0, end: 6 }], match: 'deploy' },
    ]);
    expect(searchAllSessions(plain('deploy', { wholeWord: true }), src).runHits!.map((hit) => hit.in)).toEqual(['stdout', 'error']);
    const capped = searchAllSessions(plain('deploy'), src, { maxHits: 3, timeLimitMs: 1000 });
    expect([capped.hits.length, capped.runHits!.length, capped.truncated]).toEqual([1, 2, true]);
    expect(capped.runHits!.map((hit) => hit.in)).toEqual(['command', 'stdout']);
    store.close();
  });

  it('refuses a bad expression with a sentence', () => {
    expect(() => searchAllSessions(plain('[z-a]', { regex: true }), sources([], []))).toThrow(BadQueryError);
  });
});
