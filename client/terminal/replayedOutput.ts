// Keeps a terminal from answering output written to rebuild its screen: those answers would be typed into the shell.
import { isTerminalReport } from '../halfDuplex/terminalReports.js';

/** The part of a terminal that writes: xterm.js and its headless twin both have it. */
export interface WritableTerminal {
  write(data: string | Uint8Array, callback?: () => void): void;
}

/**
 * xterm.js answers queries (cursor position, device attributes, colours, modes) while it parses output, through
 * `onData`, as if they were typed. Output replayed into a fresh terminal — a reloaded page, a reopened tab, history —
 * carries the queries of programs that have long had their answers or are gone; answering them again types
 * `^[[2;2R^[[>0;276;0c…` into whatever now reads the keyboard, usually the shell.
 *
 * xterm.js parses writes in order, one after another, and calls a write's callback right after parsing it, so the
 * write being parsed is always the oldest one whose callback has not run. This writer gives every write a callback
 * and remembers which of the pending ones are replays: while the oldest is, what the terminal says is its answer to
 * replayed output. Keys the user types meanwhile still go through: only strings shaped like a terminal's answer
 * (never a whole keystroke) are held back.
 */
export class ReplayAwareWriter {
  /** Whether each write not yet parsed is a replay, oldest first. */
  private readonly pending: boolean[] = [];

  constructor(private readonly terminal: WritableTerminal) {}

  /** Write output; `replay` when it only rebuilds the screen and must never make the terminal answer. */
  write(data: string | Uint8Array, replay: boolean, parsed?: () => void): void {
    this.pending.push(replay);
    try {
      this.terminal.write(data, () => {
        this.pending.shift();
        parsed?.();
      });
    } catch (error) {
      this.pending.pop(); // refused (xterm.js discards writes past its limit): it will never be parsed
      throw error;
    }
  }

  /** True while the terminal is parsing replayed output. */
  get parsingReplay(): boolean {
    return this.pending[0] === true;
  }

  /** Whether what the terminal wants to send now must be dropped: its answer to a replayed query. */
  holdsBack(data: string): boolean {
    return this.parsingReplay && isTerminalReport(data);
  }
}

/** Split output at `liveFrom`: what comes before it is replayed (the bridge held it before this tab attached). */
export function splitAtLive(offset: number, bytes: Uint8Array, liveFrom: number): { replayed: Uint8Array; live: Uint8Array } {
  const cut = Math.min(bytes.byteLength, Math.max(0, liveFrom - offset));
  return { replayed: bytes.subarray(0, cut), live: bytes.subarray(cut) };
}
