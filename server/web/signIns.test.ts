// Sign-ins and one-time links on a fake clock: expiry, single use, revocation and bounded memory.
import { describe, expect, it } from 'vitest';
import { OneTimeLinks } from './oneTimeLinks.js';
import { SignIns } from './signIns.js';

const DAY = 24 * 60 * 60 * 1000;

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('sign-ins', () => {
  it('gives each browser its own random credential that checks until revoked', () => {
    const signIns = new SignIns();
    const a = signIns.create();
    const b = signIns.create();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(signIns.check(a)).toBeDefined();
    expect(signIns.check(b)).toBeDefined();
    expect(signIns.check(a)).not.toBe(signIns.check(b));
    expect(signIns.check(`${a}x`)).toBeUndefined();
    expect(signIns.check(undefined)).toBeUndefined();
    expect(signIns.check('')).toBeUndefined();
  });

  it('revokes every sign-in at once and tells its listeners', () => {
    const signIns = new SignIns();
    const a = signIns.create();
    let told = 0;
    const unsubscribe = signIns.onRevokeAll(() => told++);
    signIns.revokeAll();
    expect(signIns.check(a)).toBeUndefined();
    expect(told).toBe(1);
    unsubscribe();
    signIns.revokeAll();
    expect(told).toBe(1);
  });

  it('forgets a sign-in left unused for 30 days, but not one in use', () => {
    const time = clock();
    const signIns = new SignIns({ now: time.now });
    const used = signIns.create();
    const unused = signIns.create();
    time.advance(29 * DAY);
    expect(signIns.check(used)).toBeDefined();
    time.advance(2 * DAY);
    expect(signIns.check(used)).toBeDefined();
    expect(signIns.check(unused)).toBeUndefined();
  });

  it('ends every sign-in 90 days after it began, however often it is used', () => {
    const time = clock();
    const signIns = new SignIns({ now: time.now });
    const credential = signIns.create();
    for (let day = 0; day < 89; day += 7) {
      expect(signIns.check(credential)).toBeDefined();
      time.advance(7 * DAY);
    }
    time.advance(DAY);
    expect(signIns.check(credential)).toBeUndefined();
  });

  it('holds a bounded number, forgetting the least recently used', () => {
    const signIns = new SignIns({ max: 3 });
    const first = signIns.create();
    const second = signIns.create();
    signIns.create();
    signIns.check(first);
    signIns.create();
    expect(signIns.size).toBe(3);
    expect(signIns.check(first)).toBeDefined();
    expect(signIns.check(second)).toBeUndefined();
  });
});

describe('one-time links', () => {
  it('work once', () => {
    const links = new OneTimeLinks();
    const secret = links.issue();
    expect(links.redeem(secret)).toBe(true);
    expect(links.redeem(secret)).toBe(false);
    expect(links.redeem('made-up')).toBe(false);
    expect(links.redeem(undefined)).toBe(false);
  });

  it('stop working 60 s after they were issued', () => {
    const time = clock();
    const links = new OneTimeLinks(time.now);
    const early = links.issue();
    const late = links.issue();
    time.advance(59_999);
    expect(links.redeem(early)).toBe(true);
    time.advance(1);
    expect(links.redeem(late)).toBe(false);
  });
});
