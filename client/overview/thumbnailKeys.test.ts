import { describe, expect, it } from 'vitest';
import { terminalDataFor, type KeyPress } from './thumbnailKeys.js';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('keys typed into a thumbnail', () => {
  it('send text as text, Enter as a carriage return, Backspace as DEL', () => {
    expect(terminalDataFor(press('l'))).toBe('l');
    expect(terminalDataFor(press('L', { shiftKey: true }))).toBe('L');
    expect(terminalDataFor(press('é'))).toBe('é');
    expect(terminalDataFor(press(' '))).toBe(' ');
    expect(terminalDataFor(press('Enter'))).toBe('\r');
    expect(terminalDataFor(press('Backspace'))).toBe('\x7f');
    expect(terminalDataFor(press('Tab'))).toBe('\t');
    expect(terminalDataFor(press('Tab', { shiftKey: true }))).toBe('\x1b[Z');
  });

  it('send control characters with Ctrl and ESC prefixes with Alt', () => {
    expect(terminalDataFor(press('c', { ctrlKey: true }))).toBe('\x03');
    expect(terminalDataFor(press('D', { ctrlKey: true, shiftKey: true }))).toBe('\x04');
    expect(terminalDataFor(press('[', { ctrlKey: true }))).toBe('\x1b');
    expect(terminalDataFor(press(' ', { ctrlKey: true }))).toBe('\x00');
    expect(terminalDataFor(press('b', { altKey: true }))).toBe('\x1bb');
    expect(terminalDataFor(press('Backspace', { altKey: true }))).toBe('\x1b\x7f');
    expect(terminalDataFor(press('1', { ctrlKey: true }))).toBeNull();
  });

  it('send arrows as cursor keys, unless the overview moves between thumbnails with them', () => {
    expect(terminalDataFor(press('ArrowUp'))).toBe('\x1b[A');
    expect(terminalDataFor(press('ArrowLeft'))).toBe('\x1b[D');
    expect(terminalDataFor(press('ArrowLeft'), false)).toBeNull();
    expect(terminalDataFor(press('Delete'))).toBe('\x1b[3~');
  });

  it('leave modifiers alone, Meta shortcuts and keys a terminal has no bytes for', () => {
    expect(terminalDataFor(press('Shift', { shiftKey: true }))).toBeNull();
    expect(terminalDataFor(press('Control', { ctrlKey: true }))).toBeNull();
    expect(terminalDataFor(press('c', { metaKey: true }))).toBeNull();
    expect(terminalDataFor(press('F5'))).toBeNull();
    expect(terminalDataFor(press('Dead'))).toBeNull();
  });
});
