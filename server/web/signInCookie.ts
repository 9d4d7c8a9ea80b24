// The sign-in cookie: its name, its attributes, and reading it from a Cookie header that may be malformed.
import { createHash } from 'node:crypto';
import { SIGN_IN_LIFETIME_MS } from './signIns.js';

/**
 * The name carries a hash of the token, so two longhaul instances on one host keep separate cookies. Over TLS it
 * has the `__Host-` prefix: the browser then accepts it only with Secure, Path=/ and no Domain, so nothing on
 * another subdomain can plant or shadow it.
 */
export function signInCookieName(token: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}longhaul_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/** A Set-Cookie value that hands the browser its sign-in. */
export function signInCookie(name: string, credential: string, secure: boolean): string {
  return `${name}=${credential}; ${attributes(secure)}; Max-Age=${Math.floor(SIGN_IN_LIFETIME_MS / 1000)}`;
}

/** A Set-Cookie value that makes the browser forget its sign-in. */
export function signedOutCookie(name: string, secure: boolean): string {
  return `${name}=; ${attributes(secure)}; Max-Age=0`;
}

function attributes(secure: boolean): string {
  return `HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}

/** The cookie's value, or undefined when it is absent or cannot be decoded (a bad cookie is a missing one). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
