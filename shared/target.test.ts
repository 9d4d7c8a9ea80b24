import { describe, expect, it } from 'vitest';
import { targetProblem } from './target.js';

describe('targetProblem', () => {
  it('accepts what the bridge accepts', () => {
    for (const text of ['de1', 'alice@example.com:2222', '[::1]:22', ' de1 ']) expect(targetProblem(text)).toBeNull();
  });

  it('says what is wrong, in a sentence for beside the field', () => {
    expect(targetProblem('de1:99999')).toBe('Port 99999 is out of range (1–65535).');
    expect(targetProblem('de1 ; rm -rf /')).toBe('"de1 ; rm -rf /" is not a valid host name.');
    expect(targetProblem("us'er@de1")).toBe('"us\'er" is not a valid user name.');
    expect(targetProblem('')).toMatch(/^Type a host/);
  });
});
