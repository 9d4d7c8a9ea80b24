// Half-duplex mode as a tab feature: it takes typed keys first while it edits a line, and remembers per shell whether it was on.
import { pageHalfDuplexMemory } from '../savedSessions/halfDuplexMemory.js';
import type { TabContext, TabEvent, TabFeature, TypedInputHandler } from '../tabFeatures/tabFeature.js';
import { HalfDuplexMode } from './halfDuplexMode.js';

/** Half-duplex edits a line before anything else sees the keys: what it takes never reaches the host as keys. */
export const HALF_DUPLEX_INPUT_ORDER = 100;

export interface HalfDuplexFeatureOptions {
  /** Start in half-duplex mode (a saved session's setting); if unset, as the shell `comingBackTo` was left. */
  readonly on?: boolean;
  /** The live shell a tab comes back to (a reload, a reopened tab, a reopen from history), if it does. */
  readonly comingBackTo?: string;
}

export class HalfDuplexFeature implements TabFeature {
  readonly mode: HalfDuplexMode;
  readonly input: TypedInputHandler;
  readonly automation = { name: 'halfDuplex', report: () => this.mode.state() };
  /** Which shells had half-duplex on, and what was last recorded for this tab's. */
  private readonly memory = pageHalfDuplexMemory();
  private recorded: { sessionId: string; on: boolean } | null = null;

  constructor(
    private readonly tab: TabContext,
    options: HalfDuplexFeatureOptions = {},
  ) {
    // Its lines go straight to the shell, never past predictive echo: they are drawn already.
    this.mode = new HalfDuplexMode({
      terminal: tab.terminal,
      bar: tab.bar,
      host: tab.target,
      send: (data) => tab.sendText(data),
      onChange: () => {
        this.remember();
        tab.changed();
      },
      focusTerminal: () => tab.focusTerminal(),
      // A tab coming back to a shell (reload, reopen, from history) is in the mode that shell was left in.
      initiallyOn: options.on ?? this.memory.wasOn(options.comingBackTo),
    });
    this.input = { order: HALF_DUPLEX_INPUT_ORDER, take: (data) => this.mode.takeTyped(data) };
  }

  onEvent(event: TabEvent): void {
    if (event.kind === 'ready') this.remember(); // a new shell: record the mode it starts in
  }

  /** Record this shell's mode when it (or the shell) changes, so a tab coming back to it keeps it. */
  private remember(): void {
    const sessionId = this.tab.sessionId;
    const on = this.mode.on;
    if (!sessionId || (this.recorded?.sessionId === sessionId && this.recorded.on === on)) return;
    this.recorded = { sessionId, on };
    this.memory.remember(sessionId, on);
  }

  dispose(): void {
    this.mode.dispose();
  }
}
