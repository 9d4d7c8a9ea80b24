import { describe, expect, it } from 'vitest';
import { lastLineOf, MAX_LAST_LINE_LENGTH } from './lastLine.js';

describe('lastLineOf', () => {
  it('gives the last line of output as plain text, colours and titles stripped', () => {
    const out = '\x1b]0;alice@de1: ~\x07alice@de1:~$ make test\r\n\x1b[32mPASS\x1b[0m 42 tests\r\n\x1b]0;alice@de1: ~\x07alice@de1:~$ ';
    expect(lastLineOf(out)).toBe('PASS 42 tests');
  });

  it('skips the bare prompt, logout and the exit that ended it, to the command before', () => {
    const out = 'alice@de1:~$ tail -f /var/log/syslog\r\nDec  3 07:58:01 de1 CRON[1]: done\r\n^C\r\nalice@de1:~$ exit\r\nlogout\r\n';
    expect(lastLineOf(out)).toBe('^C');
    expect(lastLineOf('alice@de1:~$ vim notes.txt\r\nalice@de1:~$ \r\n')).toBe('alice@de1:~$ vim notes.txt');
  });

  it('takes what a carriage return left on the line (a progress counter) and keeps no control characters', () => {
    expect(lastLineOf('copying 10%\rcopying 55%\rcopying 100%\r\n$ ')).toBe('copying 100%');
    expect(lastLineOf('a\x07b\x1b[?2004hc\x1bPq#0\x1b\\\r\n')).toBe('abc');
  });

  it('has nothing to say for a session that printed nothing but prompts', () => {
    expect(lastLineOf('')).toBeUndefined();
    expect(lastLineOf('$ \r\n$ \r\n# ')).toBeUndefined();
  });

  it('keeps a long line readable but bounded', () => {
    const line = lastLineOf(`${'x'.repeat(500)}\r\n`)!;
    expect(line).toHaveLength(MAX_LAST_LINE_LENGTH);
    expect(line.endsWith('…')).toBe(true);
  });
});
