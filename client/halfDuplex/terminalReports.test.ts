import { describe, expect, it } from 'vitest';
import { isTerminalReport } from './terminalReports.js';

describe('isTerminalReport', () => {
  it('recognises the replies xterm.js sends to queries', () => {
    for (const reply of [
      '\x1b[12;5R', // cursor position
      '\x1b[?12;5R',
      '\x1b[0n',
      '\x1b[?1;2c', // device attributes
      '\x1b[>0;276;0c',
      '\x1b[?2004;1$y', // mode report
      '\x1b[8;24;80t', // window size
      '\x1b[?0u', // keyboard flags
      '\x1b]11;rgb:1111/1414/1818\x1b\\', // background colour
      '\x1b]10;rgb:d5d5/d9d9/e0e0\x07',
      '\x1bP1$r0m\x1b\\', // DECRQSS
      '\x1bP>|xterm.js(6.0.0)\x1b\\', // XTVERSION
    ]) {
      expect(isTerminalReport(reply), JSON.stringify(reply)).toBe(true);
    }
  });

  it('recognises mouse and focus reports', () => {
    for (const report of ['\x1b[<0;10;5M', '\x1b[<0;10;5m', '\x1b[32;10;5M', '\x1b[M !!', '\x1b[I', '\x1b[O']) {
      expect(isTerminalReport(report), JSON.stringify(report)).toBe(true);
    }
  });

  it('leaves keys alone', () => {
    for (const key of ['a', 'echo hi', '\r', '\x7f', '\x03', '\x1b', '\x1bb', '\x1b[A', '\x1bOH', '\x1b[3~', '\x1b[1;5D', '\x1b[200~paste\x1b[201~', '\x1b]']) {
      expect(isTerminalReport(key), JSON.stringify(key)).toBe(false);
    }
  });
});
