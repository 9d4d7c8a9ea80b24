// Paces a background tab's acknowledgements, so a tab nobody is looking at cannot take the page from the one in front.
import { realClock, type Clock } from '../../shared/clock.js';
import { ACK_BATCH_BYTES, BACKGROUND_ACK_BYTES_PER_SECOND } from '../../shared/flowControl.js';

export class AckPacer {
  private lastSent: { offset: number; at: number } | null = null;
  private waiting: { offset: number; send: (offset: number) => void } | null = null;
  private timer: unknown;

  constructor(
    private readonly clock: Clock = realClock,
    private readonly bytesPerSecond = BACKGROUND_ACK_BYTES_PER_SECOND,
  ) {}

  /**
   * An acknowledgement of everything before `offset` is due. In the foreground it goes at once; in the
   * background no sooner than the rate allows since the last one (a later offer replaces a waiting one).
   */
  offer(offset: number, background: boolean, send: (offset: number) => void): void {
    if (!background || this.lastSent === null) return this.sendNow(offset, send);
    this.waiting = { offset, send };
    if (this.timer === undefined) this.schedule();
  }

  /** The tab came to the front: what waits goes now. */
  foreground(): void {
    const waiting = this.waiting;
    if (waiting) this.sendNow(waiting.offset, waiting.send);
  }

  /** The stream these offsets belong to is gone: nothing more is sent. */
  dispose(): void {
    this.cancelTimer();
    this.waiting = null;
  }

  private schedule(): void {
    const waiting = this.waiting;
    const last = this.lastSent;
    if (!waiting || !last) return;
    // In steps of at most ACK_BATCH_BYTES, so a flood far ahead of the rate is acknowledged at an even pace.
    const step = Math.min(waiting.offset - last.offset, ACK_BATCH_BYTES);
    const releaseAt = last.at + (step / this.bytesPerSecond) * 1000;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      const due = this.waiting;
      const since = this.lastSent;
      if (!due || !since) return;
      // Offers that came meanwhile may be further on than the rate allows yet: acknowledge what it allows (any
      // offset will do for the bridge), and the rest when its turn comes.
      const allowed = Math.floor(since.offset + ((this.clock.now() - since.at) / 1000) * this.bytesPerSecond);
      if (due.offset <= allowed) return this.sendNow(due.offset, due.send);
      this.lastSent = { offset: allowed, at: this.clock.now() };
      due.send(allowed);
      this.schedule();
    }, Math.max(0, releaseAt - this.clock.now()));
  }

  private sendNow(offset: number, send: (offset: number) => void): void {
    this.cancelTimer();
    this.waiting = null;
    this.lastSent = { offset, at: this.clock.now() };
    send(offset);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
