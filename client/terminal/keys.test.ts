import { describe, expect, it } from 'vitest';
import { decodeKeys, type EditAction } from './keys.js';

/** The single key `data` decodes to, as its action name (or kind for text and unknown keys). */
function action(data: string): string {
  const keys = decodeKeys(data);
  expect(keys).toHaveLength(1);
  const [key] = keys;
  if (key?.kind === 'edit') {
    expect(key.raw).toBe(data);
    return key.action;
  }
  return key?.kind ?? 'none';
}

describe('decodeKeys', () => {
  const table: Array<[string, string, EditAction]> = [
    ['Enter', '\r', 'enter'],
    ['Ctrl-J', '\n', 'enter'],
    ['Tab', '\t', 'tab'],
    ['Backspace', '\x7f', 'backspace'],
    ['Ctrl-H', '\x08', 'backspace'],
    ['Delete', '\x1b[3~', 'delete'],
    ['Left', '\x1b[D', 'left'],
    ['Right', '\x1b[C', 'right'],
    ['Left (application cursor keys)', '\x1bOD', 'left'],
    ['Right (application cursor keys)', '\x1bOC', 'right'],
    ['Ctrl-B', '\x02', 'left'],
    ['Ctrl-F', '\x06', 'right'],
    ['Home', '\x1b[H', 'home'],
    ['End', '\x1b[F', 'end'],
    ['Home (application)', '\x1bOH', 'home'],
    ['End (application)', '\x1bOF', 'end'],
    ['Home (vt220)', '\x1b[1~', 'home'],
    ['End (vt220)', '\x1b[4~', 'end'],
    ['Home (rxvt)', '\x1b[7~', 'home'],
    ['End (rxvt)', '\x1b[8~', 'end'],
    ['Ctrl-A', '\x01', 'home'],
    ['Ctrl-E', '\x05', 'end'],
    ['Ctrl-K', '\x0b', 'cutToEnd'],
    ['Ctrl-U', '\x15', 'cutToStart'],
    ['Ctrl-W', '\x17', 'cutShellWordBefore'],
    ['Alt-Backspace', '\x1b\x7f', 'cutWordBefore'],
    ['Alt-D', '\x1bd', 'cutWordAfter'],
    ['Ctrl-Delete', '\x1b[3;5~', 'cutWordAfter'],
    ['Ctrl-Y', '\x19', 'yank'],
    ['Alt-B', '\x1bb', 'wordLeft'],
    ['Alt-F', '\x1bf', 'wordRight'],
    ['Ctrl-Left', '\x1b[1;5D', 'wordLeft'],
    ['Ctrl-Right', '\x1b[1;5C', 'wordRight'],
    ['Alt-Left', '\x1b[1;3D', 'wordLeft'],
    ['Alt-Right', '\x1b[1;3C', 'wordRight'],
    ['Shift-Left', '\x1b[1;2D', 'left'],
    ['Up', '\x1b[A', 'historyPrevious'],
    ['Down', '\x1b[B', 'historyNext'],
    ['Up (application)', '\x1bOA', 'historyPrevious'],
    ['Down (application)', '\x1bOB', 'historyNext'],
    ['Ctrl-P', '\x10', 'historyPrevious'],
    ['Ctrl-N', '\x0e', 'historyNext'],
    ['Ctrl-C', '\x03', 'interrupt'],
    ['Ctrl-D', '\x04', 'endOfFile'],
    ['Ctrl-Z', '\x1a', 'suspend'],
    ['Ctrl-\\', '\x1c', 'quit'],
    ['Ctrl-L', '\x0c', 'clearScreen'],
  ];
  it.each(table)('%s', (_name, data, expected) => {
    expect(action(data)).toBe(expected);
  });

  it.each([
    ['Esc', '\x1b'],
    ['F1', '\x1bOP'],
    ['F5', '\x1b[15~'],
    ['Page Up', '\x1b[5~'],
    ['Insert', '\x1b[2~'],
    ['Shift-Tab', '\x1b[Z'],
    ['Ctrl-Up', '\x1b[1;5A'],
    ['Alt-x', '\x1bx'],
    ['Ctrl-R', '\x12'],
    ['Ctrl-G', '\x07'],
    ['C1 control', '\x85'],
  ])('%s is an unknown key, kept raw', (_name, data) => {
    expect(decodeKeys(data)).toEqual([{ kind: 'unknown', raw: data }]);
  });

  it('keeps a run of printable text together, including wide and astral characters', () => {
    expect(decodeKeys('echo 日本 😀')).toEqual([{ kind: 'text', text: 'echo 日本 😀' }]);
  });

  it('splits mixed input into keys in order', () => {
    expect(decodeKeys('ab\x1b[Dc\rd')).toEqual([
      { kind: 'text', text: 'ab' },
      { kind: 'edit', action: 'left', raw: '\x1b[D' },
      { kind: 'text', text: 'c' },
      { kind: 'edit', action: 'enter', raw: '\r' },
      { kind: 'text', text: 'd' },
    ]);
  });

  it('decodes a bracketed paste as one paste key, whatever it contains', () => {
    expect(decodeKeys('x\x1b[200~ls\r\x03\x1b[Dpwd\x1b[201~y')).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'paste', text: 'ls\r\x03\x1b[Dpwd' },
      { kind: 'text', text: 'y' },
    ]);
  });

  it('treats the rest as the paste when the end mark is missing', () => {
    expect(decodeKeys('\x1b[200~abc\rdef')).toEqual([{ kind: 'paste', text: 'abc\rdef' }]);
  });

  it('decodes an empty bracketed paste', () => {
    expect(decodeKeys('\x1b[200~\x1b[201~')).toEqual([{ kind: 'paste', text: '' }]);
  });

  it('does not swallow text after Esc or a truncated sequence', () => {
    expect(decodeKeys('\x1b\x1bb')).toEqual([
      { kind: 'unknown', raw: '\x1b' },
      { kind: 'edit', action: 'wordLeft', raw: '\x1bb' },
    ]);
    expect(decodeKeys('\x1bO')).toEqual([{ kind: 'unknown', raw: '\x1bO' }]);
    expect(decodeKeys('\x1b[')).toEqual([{ kind: 'unknown', raw: '\x1b[' }]);
  });

  it('decodes an Alt-combination with an astral character as one key', () => {
    expect(decodeKeys('\x1b😀a')).toEqual([
      { kind: 'unknown', raw: '\x1b😀' },
      { kind: 'text', text: 'a' },
    ]);
  });

  it('returns no keys for no data', () => {
    expect(decodeKeys('')).toEqual([]);
  });
});
