import { describe, expect, it } from 'vitest';
import { aliasesFrom, fetchHostAliases, MAX_OFFERED_HOSTS } from './hostAliases.js';

describe('aliasesFrom', () => {
  it('keeps concrete aliases, once each', () => {
    expect(aliasesFrom({ hosts: ['de1', 'jp2', 'de1', '*.corp', 'a b', 7, ''] })).toEqual(['de1', 'jp2']);
  });
  it('ignores answers of the wrong shape', () => {
    expect(aliasesFrom(null)).toEqual([]);
    expect(aliasesFrom({ hosts: 'de1' })).toEqual([]);
    expect(aliasesFrom(['de1'])).toEqual([]);
  });
  it('offers a bounded number', () => {
    const hosts = Array.from({ length: 100 }, (_, i) => `h${i}`);
    expect(aliasesFrom({ hosts })).toHaveLength(MAX_OFFERED_HOSTS);
  });
});

describe('fetchHostAliases', () => {
  it('gives nothing when the bridge does not answer', async () => {
    const failing = (() => Promise.reject(new Error('offline'))) as unknown as typeof fetch;
    expect(await fetchHostAliases(failing)).toEqual([]);
    const notFound = (() => Promise.resolve(new Response('{}', { status: 404 }))) as unknown as typeof fetch;
    expect(await fetchHostAliases(notFound)).toEqual([]);
  });
  it('reads the aliases', async () => {
    const ok = (() => Promise.resolve(Response.json({ hosts: ['de1'] }))) as unknown as typeof fetch;
    expect(await fetchHostAliases(ok)).toEqual(['de1']);
  });
});
