// What the folder routes refuse before going to the host: a bad target, control characters, a "/" in a name's start.
import { describe, expect, it } from 'vitest';
import { folderQueryProblem } from './folders.js';

describe('a folder request’s parameters', () => {
  it('are usable when the target parses and the path and prefix hold no control characters', () => {
    expect(folderQueryProblem({ target: 'de1', path: '/srv/app', prefix: 'lo' })).toBeUndefined();
    expect(folderQueryProblem({ target: 'de1', path: 'relative/to/home' })).toBeUndefined();
  });

  it('are refused with a sentence naming the parameter otherwise', () => {
    expect(folderQueryProblem({ target: 'de1', path: '/tmp/a\nb' })).toBe('path: a path cannot hold control characters');
    expect(folderQueryProblem({ target: 'de1', path: '/tmp', prefix: '../x' })).toBe('prefix: the start of a name cannot hold "/" or control characters');
    expect(folderQueryProblem({ target: 'de1 -oProxyCommand=x', path: '/tmp' })).toMatch(/^target \(de1 -oProxyCommand=x\): /);
  });
});
