// Where uploads go: OSC 7 reports read, typed folders taken as the host's, and names that cannot be file names refused.
import { describe, expect, it } from 'vitest';
import { fileNameProblem, folderOnHost, osc7Path, pathIn } from './workingDirectory.js';

describe('where uploads go', () => {
  it('reads the folder an OSC 7 report gives, percent-encoding undone, and nothing from a malformed one', () => {
    expect(osc7Path('file://de1/home/me/my%20project')).toBe('/home/me/my project');
    expect(osc7Path('file:///tmp')).toBe('/tmp');
    expect(osc7Path('http://de1/tmp')).toBeUndefined();
    expect(osc7Path('file://de1/bad%zz')).toBeUndefined();
    expect(osc7Path('file://de1/a%0Ab')).toBeUndefined();
  });

  it('takes ~ as the home folder, and puts a file in a folder', () => {
    expect(folderOnHost(' ~ ')).toBe('');
    expect(folderOnHost('~/src')).toBe('src');
    expect(pathIn('', 'a.txt')).toBe('a.txt');
    expect(pathIn('/tmp/', 'a.txt')).toBe('/tmp/a.txt');
    expect(pathIn('/tmp', 'a.txt')).toBe('/tmp/a.txt');
  });

  it('refuses names that are not file names', () => {
    expect(fileNameProblem('notes.txt')).toBeUndefined();
    expect(fileNameProblem('..')).toBe('".." is not a file name');
    expect(fileNameProblem('a/b')).toBe('a/b: a file name cannot hold "/"');
    expect(fileNameProblem('a\nb')).toBe('"a\\nb": a file name cannot hold control characters');
  });
});
