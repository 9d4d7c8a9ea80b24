// The access token: created once in the data directory, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Read the token kept in the data directory, creating it (readable by the owner only) on first start. */
export function loadOrCreateToken(dataDir: string): string {
  const file = path.join(dataDir, 'token');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Compare a presented token with the real one without leaking, through timing, how much of it matched. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/** The cookie name carries a hash of the token, so two longhaul instances on one host keep separate cookies. */
export function cookieName(token: string): string {
  return `longhaul_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}
