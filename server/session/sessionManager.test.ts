import { describe, expect, it } from 'vitest';
import { shellLocale } from './sessionManager.js';

describe('shellLocale', () => {
  it('forwards a UTF-8 LANG as ssh would, and asks for C.UTF-8 otherwise', () => {
    expect(shellLocale('de_DE.UTF-8')).toBe('de_DE.UTF-8');
    expect(shellLocale('en_US.utf8')).toBe('en_US.utf8');
    expect(shellLocale('C')).toBe('C.UTF-8');
    expect(shellLocale(undefined)).toBe('C.UTF-8');
  });
});
