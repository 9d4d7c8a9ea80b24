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

/** The shortest token longhaul accepts from --token or --token-file. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Read the token from a file given with --token-file: the file's text, trimmed. Like ssh with private keys, a file
 * that others may read is refused. Throws an Error whose message is a sentence about the file.
 */
export function readTokenFile(file: string): string {
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error(`${file} is not a file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code ? `cannot read ${file}` : (error as Error).message);
  }
  if ((stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8);
    throw new Error(`${file} can be read or changed by other users (mode ${mode}); make it yours alone with chmod 600 ${file}`);
  }
  const token = text.trim();
  if (token.length === 0) throw new Error(`${file} is empty; put the token in it`);
  if (/\s/.test(token)) throw new Error(`${file} must hold the token alone, on one line`);
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`the token in ${file} must be at least ${MIN_TOKEN_LENGTH} characters`);
  return token;
}
