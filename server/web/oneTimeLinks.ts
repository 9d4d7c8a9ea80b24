// One-time login links: what the browser opener is given instead of the token, good for one use within a minute.
import { createHash, randomBytes } from 'node:crypto';

/** A link not used within this long stops working. */
export const ONE_TIME_LINK_TTL_MS = 60_000;
/** Links outstanding at once; past it the oldest stops working. */
const MAX_OUTSTANDING = 16;

export class OneTimeLinks {
  /** Hash of each outstanding secret → when it was issued (insertion order is issue order). */
  private readonly issuedAt = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = ONE_TIME_LINK_TTL_MS,
  ) {}

  /** A fresh secret for a `?login=` link. */
  issue(): string {
    while (this.issuedAt.size >= MAX_OUTSTANDING) this.issuedAt.delete(this.issuedAt.keys().next().value!);
    const secret = randomBytes(32).toString('base64url');
    this.issuedAt.set(hash(secret), this.now());
    return secret;
  }

  /** True once for a secret issued less than the TTL ago; it is used up either way. */
  redeem(secret: string | undefined): boolean {
    if (!secret) return false;
    const key = hash(secret);
    const issuedAt = this.issuedAt.get(key);
    if (issuedAt === undefined) return false;
    this.issuedAt.delete(key);
    return this.now() - issuedAt < this.ttlMs;
  }
}

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
