// Host keys: fingerprints as `ssh-keygen -lf` prints them, and the decision to trust, ask or refuse.
import { createHash } from 'node:crypto';
import { DEFAULT_HOST_KEY_ALGORITHMS } from './algorithms.js';
import type { KnownHostEntry } from './knownHosts.js';
import type { StrictHostKeyChecking } from './target.js';

export interface PresentedKey {
  /** The SSH key type from the blob, e.g. `ssh-ed25519`. */
  type: string;
  /** The public key blob, as sent in the key exchange. */
  blob: Buffer;
}

/** Read the key type that opens every SSH public key blob. */
export function presentedKey(blob: Buffer): PresentedKey {
  let type = 'unknown';
  if (blob.length >= 4) {
    const length = blob.readUInt32BE(0);
    if (length > 0 && length < 64 && blob.length >= 4 + length) type = blob.toString('latin1', 4, 4 + length);
  }
  return { type, blob };
}

/** `SHA256:…` without padding, exactly as OpenSSH prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type as `ssh-keygen -lf` names it (`ED25519`, `RSA`, `ECDSA`, …). */
export function displayKeyType(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'sk-ssh-ed25519@openssh.com') return 'ED25519-SK';
  if (type.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (type.startsWith('sk-ecdsa-sha2-')) return 'ECDSA-SK';
  if (type === 'ssh-rsa' || type.startsWith('rsa-sha2-')) return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  return type.toUpperCase();
}

export type HostKeyVerdict =
  | { kind: 'known'; file: string }
  | { kind: 'revoked'; file: string; line: number }
  | { kind: 'changed'; file: string; line: number }
  | {
      kind: 'unknown';
      otherTypesKnown: string[];
      /** `@cert-authority` lines naming this host: it expects a host certificate, which longhaul cannot check. */
      certAuthorities?: { file: string; line: number }[];
    };

/**
 * Decide what to do with a presented key, given every known_hosts entry that names this host.
 * As OpenSSH: a revoked key is refused; a matching key is trusted; a known key of the same type that
 * differs is a changed key (refused before any credential is sent); otherwise the user is asked.
 */
export function judgeHostKey(key: PresentedKey, entries: readonly KnownHostEntry[]): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.keyBlob.equals(key.blob));
  if (revoked) return { kind: 'revoked', file: revoked.file, line: revoked.line };
  const plain = entries.filter((e) => e.marker === undefined);
  const match = plain.find((e) => e.keyType === key.type && e.keyBlob.equals(key.blob));
  if (match) return { kind: 'known', file: match.file };
  const sameType = plain.find((e) => e.keyType === key.type);
  if (sameType) return { kind: 'changed', file: sameType.file, line: sameType.line };
  const authorities = entries.filter((e) => e.marker === 'cert-authority').map((e) => ({ file: e.file, line: e.line }));
  return {
    kind: 'unknown',
    otherTypesKnown: [...new Set(plain.map((e) => e.keyType))],
    ...(authorities.length ? { certAuthorities: authorities } : {}),
  };
}

/** What to do about a key, after OpenSSH's StrictHostKeyChecking. */
export type HostKeyAction = 'accept' | 'refuse' | 'ask' | 'remember' | 'refuse-unknown';

/**
 * `yes` refuses an unknown key; `accept-new` and `no` remember it without asking; `ask` asks. A changed or revoked key
 * is refused whatever the setting (OpenSSH's `no` would let a changed key through; longhaul never does). A host that
 * expects a certificate (`@cert-authority`) is never trusted silently: longhaul cannot check the certificate, so the
 * user is asked (or, with `yes`, refused).
 */
export function hostKeyAction(verdict: HostKeyVerdict, strict: StrictHostKeyChecking): HostKeyAction {
  switch (verdict.kind) {
    case 'known':
      return 'accept';
    case 'revoked':
    case 'changed':
      return 'refuse';
    case 'unknown':
      if (strict === 'yes') return 'refuse-unknown';
      if (strict === 'ask' || verdict.certAuthorities) return 'ask';
      return 'remember';
  }
}

/**
 * Ask the host for key types we already know first, as OpenSSH does, so a host with several keys
 * shows the one we can check instead of looking "unknown" or "changed".
 */
export function hostKeyAlgorithmOrder(knownKeyTypes: readonly string[], offered: readonly string[] = DEFAULT_HOST_KEY_ALGORITHMS): string[] {
  const preferred = offered.filter((algorithm) =>
    knownKeyTypes.some((type) => type === algorithm || (type === 'ssh-rsa' && algorithm.startsWith('rsa-sha2-'))),
  );
  return [...preferred, ...offered.filter((a) => !preferred.includes(a))];
}
