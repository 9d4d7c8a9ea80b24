// A tab's output from its shell: admitted in order (flow control), shown to the tab's features before it is written and once drawn, acknowledged as drawn.
import type { TabFeatures } from '../tabFeatures/tabFeatures.js';
import { splitAtLive } from '../terminal/replayedOutput.js';
import type { TerminalView } from '../terminal/terminalView.js';
import { AckPacer } from '../transport/backgroundPacer.js';
import { OutputFlow } from '../transport/outputFlow.js';
import type { Disposable } from '../util/disposable.js';

export class ShellOutput implements Disposable {
  private flow = new OutputFlow();
  /** Output before this offset was held by the bridge when the tab attached: drawn, never answered. */
  private liveFrom = 0;
  /** Paces this tab's acknowledgements while it is in the background; one per output stream, like `flow`. */
  private acks = new AckPacer();

  constructor(
    private readonly view: Pick<TerminalView, 'write'>,
    private readonly features: TabFeatures,
    private readonly inBackground: () => boolean,
  ) {}

  /** Output offsets start afresh (a new shell, or a replay): so do flow control and its pacing. */
  restart(): void {
    this.flow = new OutputFlow();
    this.liveFrom = 0;
    this.acks.dispose();
    this.acks = new AckPacer();
  }

  /** The tab attached to a live shell: output before `offset` was held by the bridge and rebuilds the screen. */
  attachedAt(offset: number): void {
    this.liveFrom = offset;
  }

  /** An output frame; `ack` tells the bridge on the connection it came by that output up to an offset is drawn. */
  receive(offset: number, payload: Uint8Array, ack: (offset: number) => void): void {
    const admitted = this.flow.admit(offset, payload);
    if (!admitted) return;
    if (admitted.missing > 0) console.warn(`longhaul: ${admitted.missing} output bytes were lost before offset ${offset}`);
    // The write callback may run after a reconnect; it must acknowledge on the stream it belongs to.
    const flow = this.flow;
    this.features.beforeOutput(admitted.bytes);
    const acks = this.acks;
    const drawn = () => {
      this.features.afterOutput();
      const drawnTo = flow.drawn(admitted.end);
      if (drawnTo !== null) acks.offer(drawnTo, this.inBackground(), ack);
    };
    // What the bridge held when this tab attached rebuilds the screen; only what follows may be answered.
    const { replayed, live } = splitAtLive(admitted.offset, admitted.bytes, this.liveFrom);
    if (replayed.byteLength > 0) this.view.write(replayed, live.byteLength > 0 ? () => undefined : drawn, true);
    if (live.byteLength > 0) this.view.write(live, drawn);
  }

  /** The tab is in front again: a flood held back while it was behind others comes at full speed. */
  foreground(): void {
    this.acks.foreground();
  }

  dispose(): void {
    this.acks.dispose();
  }
}
