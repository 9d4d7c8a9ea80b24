import { describe, expect, it, vi } from 'vitest';
import {
  appendBounded,
  DEFAULT_HISTORY_LIMIT,
  LineHistory,
  memoryLineHistory,
  serverLineHistory,
  type LineHistoryStorage,
} from './lineHistory.js';

describe('appendBounded', () => {
  it('appends, skips a repeat of the newest line, and keeps the newest `limit`', () => {
    expect(appendBounded(['a'], 'b', 5)).toEqual(['a', 'b']);
    expect(appendBounded(['a', 'b'], 'b', 5)).toEqual(['a', 'b']);
    expect(appendBounded(['a', 'b', 'c'], 'd', 3)).toEqual(['b', 'c', 'd']);
    expect(appendBounded(['a', 'b'], 'c', 0)).toEqual([]);
  });
});

describe('LineHistory', () => {
  it('records entered lines in order', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1');
    expect(history.add('ls')).toBe(true);
    expect(history.add('pwd')).toBe(true);
    expect(history.entries).toEqual(['ls', 'pwd']);
  });

  it('skips consecutive duplicates but keeps a line seen earlier', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1');
    for (const line of ['ls', 'ls', 'pwd', 'ls', 'ls']) history.add(line);
    expect(history.entries).toEqual(['ls', 'pwd', 'ls']);
  });

  it('does not record blank lines, lines starting with a space, or over-long lines', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1', { maxLineLength: 10 });
    expect(history.add('')).toBe(false);
    expect(history.add('   ')).toBe(false);
    expect(history.add(' export TOKEN=abc')).toBe(false);
    expect(history.add('x'.repeat(11))).toBe(false);
    expect(history.add('x'.repeat(10))).toBe(true);
    expect(history.entries).toEqual(['x'.repeat(10)]);
  });

  it('is bounded, in memory and in the storage', async () => {
    const storage = memoryLineHistory();
    const history = await LineHistory.open(storage, 'de1', { limit: 3 });
    for (const line of ['1', '2', '3', '4', '5']) history.add(line);
    await history.flush();
    expect(history.entries).toEqual(['3', '4', '5']);
    expect(storage.hosts.get('de1')).toEqual(['3', '4', '5']);
  });

  it('bounds a long stored history when it loads', async () => {
    const storage = memoryLineHistory();
    for (let i = 0; i < 10; i++) await storage.append('de1', `line ${i}`, 100);
    const history = await LineHistory.open(storage, 'de1', { limit: 4 });
    expect(history.entries).toEqual(['line 6', 'line 7', 'line 8', 'line 9']);
  });

  it('defaults to a thousand lines', async () => {
    const history = await LineHistory.open(memoryLineHistory(), 'de1');
    for (let i = 0; i < DEFAULT_HISTORY_LIMIT + 5; i++) history.add(`echo ${i}`);
    expect(history.entries).toHaveLength(DEFAULT_HISTORY_LIMIT);
    expect(history.entries[0]).toBe('echo 5');
  });

  it('keeps each host apart', async () => {
    const storage = memoryLineHistory();
    const de1 = await LineHistory.open(storage, 'de1');
    const us2 = await LineHistory.open(storage, 'alice@us2:2222');
    de1.add('uptime');
    us2.add('df -h');
    await Promise.all([de1.flush(), us2.flush()]);
    expect((await LineHistory.open(storage, 'de1')).entries).toEqual(['uptime']);
    expect((await LineHistory.open(storage, 'alice@us2:2222')).entries).toEqual(['df -h']);
    expect((await LineHistory.open(storage, 'nowhere')).entries).toEqual([]);
  });

  it('persists through the storage: a tab opened later sees the lines', async () => {
    const storage = memoryLineHistory();
    const first = await LineHistory.open(storage, 'de1');
    first.add('make test');
    first.add('git status');
    await first.flush();
    const later = await LineHistory.open(storage, 'de1');
    expect(later.entries).toEqual(['make test', 'git status']);
  });

  it('writes to the storage one line at a time, in order', async () => {
    const order: string[] = [];
    let release: () => void = () => {};
    const slow: LineHistoryStorage = {
      load: async () => [],
      append: async (_host, line) => {
        order.push(`start ${line}`);
        if (line === 'a') await new Promise<void>((resolve) => (release = resolve));
        order.push(`end ${line}`);
      },
    };
    const history = await LineHistory.open(slow, 'de1');
    history.add('a');
    history.add('b');
    await vi.waitFor(() => expect(order).toEqual(['start a']));
    release();
    await history.flush();
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('starts empty and reports it when the storage cannot load', async () => {
    const onError = vi.fn();
    const broken: LineHistoryStorage = {
      load: async () => Promise.reject(new Error('store unavailable')),
      append: async () => {},
    };
    const history = await LineHistory.open(broken, 'de1', { onError });
    expect(history.entries).toEqual([]);
    expect(onError).toHaveBeenCalledWith(new Error('store unavailable'));
  });

  it('keeps working in memory and reports it when the storage cannot write', async () => {
    const onError = vi.fn();
    const broken: LineHistoryStorage = {
      load: async () => ['old'],
      append: async () => Promise.reject(new Error('disk full')),
    };
    const history = await LineHistory.open(broken, 'de1', { onError });
    history.add('new');
    history.add('newer');
    await history.flush();
    expect(history.entries).toEqual(['old', 'new', 'newer']);
    expect(onError).toHaveBeenCalledTimes(2);
  });
});

describe('serverLineHistory', () => {
  function fakeFetch(status: number, text: string, calls: Array<{ url: string; init: RequestInit }> = []): typeof fetch {
    return (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(status === 204 ? null : text, { status });
    }) as unknown as typeof fetch;
  }

  it("loads a host's lines and posts a new one, the host escaped", async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const storage = serverLineHistory(fakeFetch(200, '{"lines":["ls","pwd"]}', calls));
    expect(await storage.load('alice@host:22')).toEqual(['ls', 'pwd']);
    await serverLineHistory(fakeFetch(204, '', calls)).append('de1', 'uptime', 10);
    expect(calls.map((call) => [call.url, call.init.method, call.init.body])).toEqual([
      ['/api/line-history/alice%40host%3A22', 'GET', undefined],
      ['/api/line-history/de1', 'POST', '{"line":"uptime"}'],
    ]);
  });

  it('fails on an answer that is not a list of lines, or an error status', async () => {
    await expect(serverLineHistory(fakeFetch(200, '{"lines":[1]}')).load('de1')).rejects.toThrow(/not what this page expects/);
    await expect(serverLineHistory(fakeFetch(500, '')).append('de1', 'ls', 10)).rejects.toThrow(/HTTP 500/);
  });
});
