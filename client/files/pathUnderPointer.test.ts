// Alt-click on a printed path: the word under the pointer, cleaned of what surrounds it, and where it is on the host.
import { describe, expect, it } from 'vitest';
import { hostPathOf, pathAt } from './pathUnderPointer.js';

/** The word under the `|` (the pointer sits on the character after it). */
function pointed(screen: string): string | undefined {
  const at = screen.indexOf('|');
  return pathAt(screen.slice(0, at) + screen.slice(at + 1), at);
}

describe('the path under the pointer', () => {
  it('is the word it is on, wherever on the word it is', () => {
    expect(pointed('-rw-r--r-- 1 me me 4 Dec  4 notes/|todo.txt')).toBe('notes/todo.txt');
    expect(pointed('|/etc/hosts')).toBe('/etc/hosts');
    expect(pointed('a.txt  b.tx|t  c.txt')).toBe('b.txt');
  });

  it('leaves out what is around a path in prose, ls -F and compiler output', () => {
    expect(pointed('see (/var/log/sy|slog).')).toBe('/var/log/syslog');
    expect(pointed('written to "/tmp/o|ut.bin",')).toBe('/tmp/out.bin');
    expect(pointed('run|.sh*  link@')).toBe('run.sh');
    expect(pointed('src/app.t|s:12:5: error')).toBe('src/app.ts');
  });

  it('is nothing on a space, on a web address or on a lone ~', () => {
    expect(pointed('a.txt | b.txt')).toBeUndefined();
    expect(pointed('https://example.com/a|.txt')).toBeUndefined();
    expect(pointed('cd |~')).toBeUndefined();
  });
});

describe('where a pointed path is on the host', () => {
  it('is the path itself when absolute, in the home folder for ~/, else in the shell’s folder', () => {
    expect(hostPathOf('/etc/hosts', '/srv')).toBe('/etc/hosts');
    expect(hostPathOf('~/notes.txt', '/srv')).toBe('notes.txt');
    expect(hostPathOf('./site/index.html', '/srv')).toBe('/srv/site/index.html');
    expect(hostPathOf('log.txt', '')).toBe('log.txt');
  });
});
