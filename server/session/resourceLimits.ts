// The bridge's bounds on pending input, sessions per bridge and connection attempts per minute: pure decisions, each refusal a sentence for the page.
// Wired in by ShellSession.input (pending input, through PendingInputGate) and SessionManager.open (sessions, and connection attempts before connectTarget).

/**
 * Keystrokes accepted from the page but not yet taken by the host (the SSH channel's write buffer). A paste is
 * at most a few hundred KiB; beyond this the host is not reading (silent, or its window is shut) and more input
 * would only grow the bridge's memory. Measured as the channel's `writableLength`: what ssh2 holds beyond the SSH
 * window, which itself bounds what is already on its way (sshd's session window, 2 MiB).
 */
export const MAX_PENDING_INPUT_BYTES = 1024 * 1024;

/**
 * Live shells (attached or kept after their tab closed) one longhaul holds (--max-sessions). The scale benchmark runs 500
 * sessions on one bridge, so the default leaves room for twice that; it is there to stop a runaway script, not people.
 */
export const MAX_SESSIONS_PER_BRIDGE = 1000;

/**
 * New SSH connections (TCP connect, handshake, authentication) started per minute (--max-connects-per-minute); a
 * channel on a pooled, authenticated connection is not one. Enough for many tabs to many hosts and for test suites,
 * while a reconnect loop gone wrong cannot hammer a host (or trip its fail2ban) with hundreds of logins.
 */
export const MAX_CONNECT_ATTEMPTS_PER_MINUTE = 120;
export const CONNECT_ATTEMPT_WINDOW_MS = 60_000;

export type LimitVerdict = { ok: true } | { ok: false; message: string };

const OK: LimitVerdict = { ok: true };

/** A size as a person reads it; small ones are not rounded down to "0 MiB" (test bounds, a trickle still queued). */
function amount(bytes: number): string {
  const mib = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  if (mib >= 0.1) return `${mib} MiB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`;
}

/** May `incomingBytes` more input be queued on top of `pendingBytes` the host has not taken yet? */
export function admitInputBytes(pendingBytes: number, incomingBytes: number, max = MAX_PENDING_INPUT_BYTES): LimitVerdict {
  // An empty queue always takes one frame, so a single paste up to the frame size is never refused.
  if (pendingBytes === 0 || pendingBytes + incomingBytes <= max) return OK;
  return inputRefusal(pendingBytes, incomingBytes);
}

function inputRefusal(pendingBytes: number, incomingBytes: number): LimitVerdict {
  return {
    ok: false,
    message: `The host has not read the last ${amount(pendingBytes)} of input yet; these ${incomingBytes} bytes were not sent. Wait for it to catch up, then type or paste again.`,
  };
}

/**
 * One session's pending-input bound over time. After a frame is refused, later frames are refused too until the host
 * has taken everything queued for it: the frames of one paste arrive back to back, so a paste that overflows loses
 * its tail rather than a piece of its middle (a script with a hole in it would still run, wrongly).
 */
export class PendingInputGate {
  private refusing = false;

  constructor(private readonly max = MAX_PENDING_INPUT_BYTES) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a pending input limit must be a whole number of bytes ≥ 1, got ${max}`);
  }

  /** Whether the last frame was refused and the host has not caught up since. */
  get isRefusing(): boolean {
    return this.refusing;
  }

  /** May a frame of `incomingBytes` be queued now, with `pendingBytes` not yet taken by the host? */
  admit(pendingBytes: number, incomingBytes: number): LimitVerdict {
    const verdict = this.refusing && pendingBytes > 0 ? inputRefusal(pendingBytes, incomingBytes) : admitInputBytes(pendingBytes, incomingBytes, this.max);
    this.refusing = !verdict.ok;
    return verdict;
  }
}

/** May another session be opened while `liveSessions` are open? */
export function admitNewSession(liveSessions: number, max = MAX_SESSIONS_PER_BRIDGE): LimitVerdict {
  if (liveSessions < max) return OK;
  return {
    ok: false,
    message: `longhaul already holds ${liveSessions} sessions, its limit; close a tab (or end a closed tab's shell) before opening another.`,
  };
}

/** Connection attempts over a sliding minute; time is injected, so it is tested without waiting. */
export class ConnectAttemptWindow {
  /** Start times of the attempts still inside the window, oldest first. */
  private readonly attempts: number[] = [];

  constructor(
    private readonly now: () => number,
    private readonly max = MAX_CONNECT_ATTEMPTS_PER_MINUTE,
    private readonly windowMs = CONNECT_ATTEMPT_WINDOW_MS,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a connect attempt limit must be a whole number ≥ 1, got ${max}`);
    if (!(windowMs > 0)) throw new RangeError(`a connect attempt window must be > 0 ms, got ${windowMs}`);
  }

  /** Count an attempt starting now, or refuse it (uncounted) with how long until one is allowed again. */
  tryAttempt(): LimitVerdict & { retryAfterMs: number } {
    const now = this.now();
    while (this.attempts.length > 0 && this.attempts[0]! <= now - this.windowMs) this.attempts.shift();
    if (this.attempts.length < this.max) {
      this.attempts.push(now);
      return { ok: true, retryAfterMs: 0 };
    }
    const retryAfterMs = this.attempts[0]! + this.windowMs - now;
    return {
      ok: false,
      retryAfterMs,
      message: `longhaul started ${this.attempts.length} connections in the last minute, its limit; try again in ${Math.ceil(retryAfterMs / 1000)} s.`,
    };
  }
}
