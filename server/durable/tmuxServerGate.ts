// One change at a time on a host's tmux server: tmux before 3.7 crashes if it tells a control client about a change while that client is still starting.

import type { Timers } from '../../shared/clock.js';

/**
 * The longest one holder keeps the gate: a host that stops answering mid-start must not hold every other tab back.
 * As long as one try to reach a pane may take (REATTACH_TRY_MS).
 */
export const GATE_HOLD_MS = 10_000;

/** Lets the next holder in; calling it again does nothing. */
export type Release = () => void;

/**
 * tmux (up to 3.6) marks a client as a control client as soon as it reads the client's first message, but only sets
 * up its control state once the client has said all about itself, one read later. A change announced in between — a
 * session made or killed, another client leaving — is written to that half-started client and the whole server dies
 * on a null pointer, taking every shell in it along (fixed upstream in 3.7, "Do not notify clients if not fully
 * initialized"). Several tabs getting back at once after a laptop wakes are exactly that: each reattach ends the
 * stale client of its session while the next one starts.
 *
 * So each start of a control client (until tmux says it is in its session), each session killed and each stale client
 * ended goes through this gate, one after another in the order asked, per tmux server.
 */
export class TmuxServerGate {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly timers: Timers,
    private readonly holdMs = GATE_HOLD_MS,
  ) {}

  /** Resolves once every earlier holder has released the gate (or held it past its bound); then it is this caller's. */
  enter(): Promise<Release> {
    let release: Release = () => {};
    const released = new Promise<void>((resolve) => {
      let done = false;
      let timer: unknown;
      release = () => {
        if (done) return;
        done = true;
        if (timer !== undefined) this.timers.clearTimeout(timer);
        resolve();
      };
      // The bound starts when the gate is this holder's, not while it waits in line.
      this.last.then(() => {
        if (!done) timer = this.timers.setTimeout(release, this.holdMs);
      });
    });
    const turn = this.last.then(() => release);
    this.last = released;
    return turn;
  }
}
