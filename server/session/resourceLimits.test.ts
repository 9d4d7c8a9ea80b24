// The bridge's resource bounds as decisions: where each limit falls, what the refusal says, and the sliding minute with a fake clock.
import { describe, expect, it } from 'vitest';
import {
  admitInputBytes,
  admitNewSession,
  ConnectAttemptWindow,
  CONNECT_ATTEMPT_WINDOW_MS,
  MAX_CONNECT_ATTEMPTS_PER_MINUTE,
  MAX_PENDING_INPUT_BYTES,
  MAX_SESSIONS_PER_BRIDGE,
  PendingInputGate,
} from './resourceLimits.js';

describe('pending input', () => {
  it('takes input up to the limit and refuses what would pass it, saying why', () => {
    expect(admitInputBytes(0, 10)).toEqual({ ok: true });
    expect(admitInputBytes(MAX_PENDING_INPUT_BYTES - 10, 10)).toEqual({ ok: true });
    const refused = admitInputBytes(MAX_PENDING_INPUT_BYTES - 10, 11);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toBe(
      'The host has not read the last 1 MiB of input yet; these 11 bytes were not sent. Wait for it to catch up, then type or paste again.',
    );
  });

  it('always takes one frame when nothing is pending, however big', () => {
    expect(admitInputBytes(0, MAX_PENDING_INPUT_BYTES * 3)).toEqual({ ok: true });
    expect(admitInputBytes(1, MAX_PENDING_INPUT_BYTES).ok).toBe(false);
  });

  it('says how much is pending in the unit a person reads', () => {
    const pending = (bytes: number) => {
      const verdict = admitInputBytes(bytes, 10 * 1024 * 1024, 1);
      return !verdict.ok && /the last (.*) of input/.exec(verdict.message)?.[1];
    };
    expect([pending(3), pending(5 * 1024), pending(300 * 1024), pending(2.5 * 1024 * 1024)]).toEqual(['3 bytes', '5 KiB', '0.3 MiB', '2.5 MiB']);
  });
});

describe('the pending input gate of one session', () => {
  it('refuses what passes the bound, then every frame until the host has taken everything queued', () => {
    const gate = new PendingInputGate(100);
    expect(gate.admit(0, 60)).toEqual({ ok: true });
    expect(gate.admit(60, 40)).toEqual({ ok: true });
    const refused = gate.admit(100, 1);
    expect(!refused.ok && refused.message).toMatch(/^The host has not read the last 100 bytes of input yet; these 1 bytes were not sent\./);
    expect(gate.isRefusing).toBe(true);
    // Room again, but the host has not caught up: this frame would land after a hole, so it is refused too.
    const stillRefused = gate.admit(10, 5);
    expect(!stillRefused.ok && stillRefused.message).toContain('these 5 bytes were not sent');
    expect(gate.isRefusing).toBe(true);
    // Everything queued is taken: input flows again, up to the bound.
    expect(gate.admit(0, 80)).toEqual({ ok: true });
    expect(gate.isRefusing).toBe(false);
    expect(gate.admit(80, 20)).toEqual({ ok: true });
    expect(gate.admit(100, 1).ok).toBe(false);
  });

  it('takes one frame of any size into an empty queue, as admitInputBytes does', () => {
    const gate = new PendingInputGate(10);
    expect(gate.admit(0, 1_000)).toEqual({ ok: true });
    expect(gate.admit(1_000, 1).ok).toBe(false);
    expect(gate.admit(0, 1_000)).toEqual({ ok: true });
  });

  it('defaults to MAX_PENDING_INPUT_BYTES and refuses a bound that cannot work', () => {
    const gate = new PendingInputGate();
    expect(gate.admit(MAX_PENDING_INPUT_BYTES - 1, 1).ok).toBe(true);
    expect(gate.admit(MAX_PENDING_INPUT_BYTES, 1).ok).toBe(false);
    expect(() => new PendingInputGate(0)).toThrow(RangeError);
    expect(() => new PendingInputGate(0.5)).toThrow(RangeError);
  });
});

describe('sessions per bridge', () => {
  it('opens sessions up to the limit, then says what to do', () => {
    expect(admitNewSession(MAX_SESSIONS_PER_BRIDGE - 1)).toEqual({ ok: true });
    const refused = admitNewSession(MAX_SESSIONS_PER_BRIDGE);
    expect(!refused.ok && refused.message).toBe(
      `longhaul already holds ${MAX_SESSIONS_PER_BRIDGE} sessions, its limit; close a tab (or end a closed tab's shell) before opening another.`,
    );
    expect(admitNewSession(2, 2).ok).toBe(false);
  });
});

describe('connection attempts per minute', () => {
  it('allows the limit within a minute, refuses the next with the wait, and frees slots as they age out', () => {
    let now = 1_000;
    const window = new ConnectAttemptWindow(() => now);
    for (let i = 0; i < MAX_CONNECT_ATTEMPTS_PER_MINUTE; i++) {
      expect(window.tryAttempt().ok, `attempt ${i}`).toBe(true);
      now += 100;
    }
    // The first attempt was at 1000; it leaves the window at 61000.
    const refused = window.tryAttempt();
    expect(refused).toEqual({
      ok: false,
      retryAfterMs: 1_000 + CONNECT_ATTEMPT_WINDOW_MS - now,
      // 120 attempts 100 ms apart: the last at 12 900, the refusal at 13 000, so 48 s until 61 000.
      message: `longhaul started ${MAX_CONNECT_ATTEMPTS_PER_MINUTE} connections in the last minute, its limit; try again in 48 s.`,
    });
    // A refused attempt is not counted: waiting exactly as told is enough.
    now += refused.retryAfterMs;
    expect(window.tryAttempt().ok).toBe(true);
    expect(window.tryAttempt().ok).toBe(false);
    now += CONNECT_ATTEMPT_WINDOW_MS;
    for (let i = 0; i < MAX_CONNECT_ATTEMPTS_PER_MINUTE; i++) expect(window.tryAttempt().ok).toBe(true);
  });

  it('refuses a limit or window that cannot work', () => {
    expect(() => new ConnectAttemptWindow(() => 0, 0)).toThrow(RangeError);
    expect(() => new ConnectAttemptWindow(() => 0, 1.5)).toThrow(RangeError);
    expect(() => new ConnectAttemptWindow(() => 0, 3, 0)).toThrow(RangeError);
  });
});
