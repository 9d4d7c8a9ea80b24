import { describe, expect, it } from 'vitest';
import { ShellMarkScanner } from './shellMarks.js';

describe('ShellMarkScanner', () => {
  it('finds the four marks, ended by BEL or by ST', () => {
    const scanner = new ShellMarkScanner();
    expect(scanner.feed('\x1b]133;D;0\x07\x1b]133;A\x07$ \x1b]133;B\x1b\\')).toEqual([
      { kind: 'commandEnd', exitCode: 0 },
      { kind: 'promptStart' },
      { kind: 'promptEnd' },
    ]);
    expect(scanner.feed('ls\r\n\x1b]133;C\x07')).toEqual([{ kind: 'commandStart' }]);
  });

  it('reads options after the letter (fish 4: A;click_events=1) and a D without a status', () => {
    const scanner = new ShellMarkScanner();
    expect(scanner.feed('\x1b]133;A;click_events=1\x07\x1b]133;D\x07')).toEqual([
      { kind: 'promptStart' },
      { kind: 'commandEnd', exitCode: undefined },
    ]);
  });

  it('finds a mark split across chunks anywhere', () => {
    const whole = 'out\x1b]133;D;127\x07';
    for (let cut = 1; cut < whole.length; cut++) {
      const scanner = new ShellMarkScanner();
      const marks = [...scanner.feed(whole.slice(0, cut)), ...scanner.feed(whole.slice(cut))];
      expect(marks, `cut at ${cut}`).toEqual([{ kind: 'commandEnd', exitCode: 127 }]);
    }
  });

  it('ignores other OSC strings (titles, OSC 7) and unknown letters', () => {
    const scanner = new ShellMarkScanner();
    expect(scanner.feed('\x1b]0;user@host\x07\x1b]7;file://host/tmp\x07\x1b]133;Z\x07\x1b]1337;X\x07')).toEqual([]);
  });

  it('gives up on an unterminated mark that runs on too long', () => {
    const scanner = new ShellMarkScanner();
    expect(scanner.feed('\x1b]133;A' + 'x'.repeat(300))).toEqual([]);
    expect(scanner.feed('\x07\x1b]133;B\x07')).toEqual([{ kind: 'promptEnd' }]);
  });
});
