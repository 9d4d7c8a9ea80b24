// Browser sign-ins: random per-browser credentials kept in memory, so the cookie is never the token itself.
import { createHash, randomBytes } from 'node:crypto';

/** A sign-in unused this long is forgotten. */
export const SIGN_IN_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** A sign-in ends this long after it began, however much it is used (also the cookie's Max-Age). */
export const SIGN_IN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;
/** Sign-ins held at once; past it the least recently used is forgotten, so memory stays bounded. */
export const MAX_SIGN_INS = 1000;

export interface SignInsOptions {
  now?: () => number;
  idleMs?: number;
  lifetimeMs?: number;
  max?: number;
}

interface SignIn {
  id: string;
  startedAt: number;
  lastUsedAt: number;
}

/**
 * Only a hash of each credential is kept: a credential is looked up by its hash, so nothing in memory can be
 * replayed, and a Map lookup's timing says nothing useful about the credential.
 */
export class SignIns {
  private readonly byHash = new Map<string, SignIn>();
  private readonly revokedListeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly lifetimeMs: number;
  private readonly max: number;
  private nextId = 1;

  constructor(options: SignInsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.idleMs = options.idleMs ?? SIGN_IN_IDLE_MS;
    this.lifetimeMs = options.lifetimeMs ?? SIGN_IN_LIFETIME_MS;
    this.max = options.max ?? MAX_SIGN_INS;
  }

  /** Start a sign-in; returns the credential for the browser's cookie. */
  create(): string {
    const now = this.now();
    this.forgetExpired(now);
    while (this.byHash.size >= this.max) {
      // Map order is insertion order and check() re-inserts on use: the first entry is the least recently used.
      this.byHash.delete(this.byHash.keys().next().value!);
    }
    const credential = randomBytes(32).toString('base64url');
    this.byHash.set(hash(credential), { id: `sign-in-${this.nextId++}`, startedAt: now, lastUsedAt: now });
    return credential;
  }

  /** The id of the live sign-in this credential belongs to (and note its use), or undefined. */
  check(credential: string | undefined): string | undefined {
    if (!credential) return undefined;
    const key = hash(credential);
    const signIn = this.byHash.get(key);
    if (!signIn) return undefined;
    const now = this.now();
    if (this.expired(signIn, now)) {
      this.byHash.delete(key);
      return undefined;
    }
    signIn.lastUsedAt = now;
    this.byHash.delete(key);
    this.byHash.set(key, signIn);
    return signIn.id;
  }

  /** Sign out everywhere: every credential stops working, and whoever listens (open WebSockets) hears of it. */
  revokeAll(): void {
    this.byHash.clear();
    for (const listener of [...this.revokedListeners]) listener();
  }

  /** Be told when every sign-in is revoked; returns the unsubscribe. */
  onRevokeAll(listener: () => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  get size(): number {
    return this.byHash.size;
  }

  private expired(signIn: SignIn, now: number): boolean {
    return now - signIn.lastUsedAt >= this.idleMs || now - signIn.startedAt >= this.lifetimeMs;
  }

  private forgetExpired(now: number): void {
    for (const [key, signIn] of this.byHash) if (this.expired(signIn, now)) this.byHash.delete(key);
  }
}

function hash(credential: string): string {
  return createHash('sha256').update(credential).digest('hex');
}
