import { describe, expect, it } from 'vitest';
import { lastLine, MAX_LAST_LINE_LENGTH } from './lastLine.js';

describe('lastLine', () => {
  it('is the last line with text, without colours or titles', () => {
    expect(lastLine('\x1b]0;alice@de1: ~\x07\x1b[01;32malice@de1\x1b[00m:~$ make -j8\r\n\x1b[31merror: missing\x1b[0m\r\n\r\n')).toBe('error: missing');
  });

  it('shows a prompt waiting for a command', () => {
    expect(lastLine('done\r\n\x1b[?2004h$ ')).toBe('$');
  });

  it('applies a carriage return as the terminal does, keeping the last text drawn', () => {
    expect(lastLine('progress 10%\rprogress 99%\r')).toBe('progress 99%');
  });

  it('is empty for output with no text', () => {
    expect(lastLine('\x1b[2J\x1b[H\r\n')).toBe('');
  });

  it('cuts a long line to what a list shows', () => {
    const line = lastLine('x'.repeat(500));
    expect(line).toHaveLength(MAX_LAST_LINE_LENGTH);
    expect(line.endsWith('…')).toBe(true);
  });
});
