// Tab in Download… completes a host path as a shell does: which folder is listed, and what the names make of the text.
import { describe, expect, it } from 'vitest';
import { complete, folderToList, splitTyped } from './pathCompletion.js';

describe('the folder a typed path is completed in', () => {
  it('is the shell’s folder for a relative path, the home folder for ~/, and the path itself when absolute', () => {
    expect(splitTyped('logs/ap')).toEqual({ folder: 'logs/', prefix: 'ap' });
    expect(splitTyped('notes')).toEqual({ folder: '', prefix: 'notes' });
    expect(folderToList('', '/srv/app')).toBe('/srv/app');
    expect(folderToList('logs/', '/srv/app')).toBe('/srv/app/logs/');
    expect(folderToList('/var/log/', '/srv/app')).toBe('/var/log/');
    expect(folderToList('~/', '/srv/app')).toBe('.');
    expect(folderToList('~/docs/', '/srv/app')).toBe('docs/');
    expect(folderToList('', '')).toBe('.');
    expect(folderToList('docs/', '')).toBe('docs/');
  });
});

describe('Tab on a typed path', () => {
  it('completes a single name whole, a folder with its "/" so the next Tab goes inside', () => {
    expect(complete('logs/ap', ['app.log'])).toEqual({ text: 'logs/app.log', candidates: [] });
    expect(complete('lo', ['logs/'])).toEqual({ text: 'logs/', candidates: [] });
  });

  it('completes as far as the names agree and shows them when more than one fits', () => {
    expect(complete('lo', ['log.txt', 'logs/'])).toEqual({ text: 'log', candidates: ['log.txt', 'logs/'] });
    expect(complete('/var/', ['cache/', 'log/'])).toEqual({ text: '/var/', candidates: ['cache/', 'log/'] });
  });

  it('leaves the text as it is when nothing fits', () => {
    expect(complete('zz', [])).toEqual({ text: 'zz', candidates: [] });
  });
});
