import { describe, expect, it } from 'vitest';
import { gradeOf } from './figures.js';

describe('gradeOf', () => {
  it('grades the host and echo figures at 100 and 300 ms', () => {
    expect(gradeOf('host', 12)).toBe('good');
    expect(gradeOf('host', 99.9)).toBe('good');
    expect(gradeOf('host', 100)).toBe('slow');
    expect(gradeOf('echo', 250)).toBe('slow');
    expect(gradeOf('echo', 300)).toBe('bad');
    expect(gradeOf('host', 8_000)).toBe('bad');
  });

  it('is stricter between browser and longhaul, which are usually one machine or one LAN apart', () => {
    expect(gradeOf('browser', 0.4)).toBe('good');
    expect(gradeOf('browser', 20)).toBe('slow');
    expect(gradeOf('browser', 45)).toBe('slow');
    expect(gradeOf('browser', 300)).toBe('bad');
  });

  it('has no grade without a value', () => {
    expect(gradeOf('echo', null)).toBe('none');
  });
});
