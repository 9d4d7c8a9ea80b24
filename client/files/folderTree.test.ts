// A picked folder becomes folders made parents first, then files, each under the shell's folder; unusable names are left out with why.
import { describe, expect, it } from 'vitest';
import { planTree } from './folderTree.js';

describe('a folder to upload', () => {
  it('is made folder by folder, parents first, then its files go in, all under the shell’s folder', () => {
    const plan = planTree('/srv', [
      { relativePath: 'site/css/main.css', file: 'css' },
      { relativePath: 'site/index.html', file: 'html' },
      { relativePath: 'site/empty' },
    ]);
    expect(plan.refused).toEqual([]);
    expect(plan.steps.map((step) => `${step.kind} ${step.path}${step.kind === 'file' ? ` ← ${step.file}` : ''}`)).toEqual([
      'folder /srv/site',
      'folder /srv/site/css',
      'folder /srv/site/empty',
      'file /srv/site/css/main.css ← css',
      'file /srv/site/index.html ← html',
    ]);
    expect(plan.steps.at(-2)!.name).toBe('site/css/main.css');
  });

  it('goes into the home folder when the shell’s folder is the home folder', () => {
    expect(planTree('', [{ relativePath: 'notes/a.txt', file: 1 }]).steps.map((step) => step.path)).toEqual(['notes', 'notes/a.txt']);
  });

  it('leaves out a path with "..", a control character or nothing in it, saying why, and keeps the rest', () => {
    const plan = planTree('/srv', [
      { relativePath: 'site/../../etc/passwd', file: 'x' },
      { relativePath: 'site/bad\u0007name', file: 'y' },
      { relativePath: '', file: 'z' },
      { relativePath: 'site/ok.txt', file: 'ok' },
    ]);
    expect(plan.refused).toEqual([
      '".." is not a file name (in site/../../etc/passwd)',
      '"bad\\u0007name": a file name cannot hold control characters (in site/bad\u0007name)',
      '"" is not a file name',
    ]);
    expect(plan.steps.map((step) => step.path)).toEqual(['/srv/site', '/srv/site/ok.txt']);
  });
});
