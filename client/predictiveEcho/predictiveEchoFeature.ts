// Predictive echo as a tab feature: it watches keys on their way to the host and the output before and after it is drawn.
import type { PredictiveEchoMode } from '../../shared/savedSessions.js';
import type { ScreenSnapshot } from '../terminal/screenSnapshot.js';
import type { TabContext, TabEvent, TabFeature, TypedInputHandler } from '../tabFeatures/tabFeature.js';
import { PredictiveEchoAddon, type PredictiveEchoState } from './addon/predictiveEchoAddon.js';
import { PredictiveEchoControl } from './addon/predictiveEchoControl.js';
import { withPredictions } from './addon/predictedScreen.js';
import { suspendedNotice } from './addon/statusWords.js';

/** Predictive echo sees keys after any feature that may take them: it predicts only what the host will echo. */
export const PREDICTIVE_ECHO_INPUT_ORDER = 200;
/** How long the notice that prediction is suspended stays up. */
const SUSPENDED_NOTICE_MS = 6000;

export interface PredictiveEchoFeatureOptions {
  /** The tab's setting; a saved session gives its default. */
  readonly preference: PredictiveEchoMode;
  /** A keystroke's echo was measured (ms). */
  readonly onEchoTime?: (ms: number) => void;
}

export class PredictiveEchoFeature implements TabFeature {
  private readonly addon: PredictiveEchoAddon;
  private readonly control: PredictiveEchoControl;
  readonly input: TypedInputHandler;
  readonly automation = { name: 'predictiveEcho', report: () => this.state };

  constructor(
    private readonly tab: TabContext,
    options: PredictiveEchoFeatureOptions,
  ) {
    this.control = new PredictiveEchoControl(tab.bar, options.preference, (chosen) => this.addon.setPreference(chosen));
    this.addon = new PredictiveEchoAddon({
      preference: options.preference,
      onEchoTime: options.onEchoTime,
      onStatus: (status) => {
        const now = performance.now();
        this.control.render(status, now);
        const notice = suspendedNotice(status, now);
        if (notice) tab.flash(notice, SUSPENDED_NOTICE_MS);
      },
    });
    tab.terminal.loadAddon(this.addon);
    this.input = { order: PREDICTIVE_ECHO_INPUT_ORDER, toHost: (data) => this.addon.typed(data) };
  }

  /** The tab's setting now. */
  get preference(): PredictiveEchoMode {
    return this.addon.state.preference;
  }

  get state(): PredictiveEchoState {
    return this.addon.state;
  }

  /** `rows` of the terminal with the predicted cells and cursor drawn in, as the page shows them. */
  withPredictions(rows: ScreenSnapshot): ScreenSnapshot {
    return withPredictions(this.tab.terminal, rows, this.addon.overlayNow());
  }

  /** Before it is drawn, for timing and bells. */
  beforeOutput(bytes: Uint8Array): void {
    this.addon.output(bytes);
  }

  /** Check the predictions against the screen as it now is. */
  afterOutput(): void {
    this.addon.written();
  }

  onEvent(event: TabEvent): void {
    if (event.kind === 'reset') this.addon.reset();
  }

  dispose(): void {
    this.addon.dispose();
    this.control.dispose();
  }
}
