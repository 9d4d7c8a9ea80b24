import { describe, expect, it } from 'vitest';
import { isShellPromptAgain, promptShape } from './shellPrompt.js';

describe('promptShape', () => {
  it('keeps the fixed start and the sigil with its space', () => {
    expect(promptShape('bash-5.2$ ')).toEqual({ head: 'bash-', tail: '$ ' });
    expect(promptShape('alice@box:~/src$ ')).toEqual({ head: 'alice@box:', tail: '$ ' });
    expect(promptShape('[alice@box tmp]# ')).toEqual({ head: '[alice@box tmp]', tail: '# ' });
    expect(promptShape('~/src ❯ ')).toEqual({ head: '', tail: '❯ ' });
  });

  it('is null for what does not end like a shell prompt', () => {
    expect(promptShape('API key: ')).toBeNull();
    expect(promptShape(':')).toBeNull();
    expect(promptShape('')).toBeNull();
  });
});

describe('isShellPromptAgain', () => {
  it('recognises the same prompt, and the prompt after cd or after output without a final newline', () => {
    expect(isShellPromptAgain('bash-5.2$ ', 'bash-5.2$ ')).toBe(true);
    expect(isShellPromptAgain('alice@box:~$ ', 'alice@box:/tmp$ ')).toBe(true);
    expect(isShellPromptAgain('alice@box:~$ ', 'no newlinealice@box:~$ ')).toBe(true);
  });

  it('does not take a pager, a question or a secret prompt for the shell', () => {
    for (const candidate of [':', '--More--(5%)', 'lines 1-20/20 (END)', 'Continue? [y/N] ', 'API key: ', '', 'Enter your AWS credentials:']) {
      expect(isShellPromptAgain('alice@box:~$ ', candidate)).toBe(false);
    }
    expect(isShellPromptAgain('alice@box:~$ ', 'mysql> ')).toBe(false);
  });

  it('learns nothing from an empty prompt (a program waiting on an empty line)', () => {
    expect(isShellPromptAgain('', '')).toBe(false);
  });

  it('compares a prompt that does not end like a shell prompt only as a whole', () => {
    expect(isShellPromptAgain('box> ', 'box> ')).toBe(true);
    expect(isShellPromptAgain('PROMPT: ', 'PROMPT: ')).toBe(true);
    expect(isShellPromptAgain('PROMPT: ', 'OTHER: ')).toBe(false);
  });
});
