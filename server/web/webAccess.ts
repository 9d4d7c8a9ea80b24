// What grants web access: the token (for scripts and the printed address), browser sign-ins, and one-time links.
import { OneTimeLinks } from './oneTimeLinks.js';
import { SignIns } from './signIns.js';

export interface WebAccess {
  /** The master token: `?token=` signs a browser in, `Authorization: Bearer` serves scripts. Never a cookie. */
  readonly token: string;
  readonly signIns: SignIns;
  readonly oneTimeLinks: OneTimeLinks;
}

/** Everything but the token lives in memory only, so restarting longhaul signs every browser out. */
export function createWebAccess(token: string, now: () => number = Date.now): WebAccess {
  return { token, signIns: new SignIns({ now }), oneTimeLinks: new OneTimeLinks(now) };
}
