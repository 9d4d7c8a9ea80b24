// The xterm.js addon for predictive echo: feeds the predictor keys and host output, keeps its timer, and draws what it says.
import type { ITerminalAddon, Terminal } from '@xterm/xterm';
import { DisposableStore, toDisposable } from '../../util/disposable.js';
import { Predictor } from '../predictor.js';
import type { DisplayPreference, EchoLatency, PredictionOverlay, PredictorStatus } from '../types.js';
import { xtermScreenView } from '../xtermScreenView.js';
import { InputOriginWatch } from './inputOrigin.js';
import { PredictionLayer } from './predictionLayer.js';

export interface PredictiveEchoAddonOptions {
  readonly preference: DisplayPreference;
  /** A keystroke's echo was measured (ms): the latency overlay's keystroke → echo figure. */
  readonly onEchoTime?: (ms: number) => void;
  /** What the predictor is doing changed (showing, standby, suspended…): the tab redraws its indicator. */
  readonly onStatus?: (status: PredictorStatus) => void;
  /** Milliseconds, monotonic; tests pass a fake. */
  readonly clock?: () => number;
}

/** What `window.longhaul.predictiveEcho()` reports for a tab. */
export interface PredictiveEchoState {
  readonly preference: DisplayPreference;
  readonly status: PredictorStatus['kind'];
  /** The predicted text drawn now, row by row ('' when nothing is). */
  readonly shown: string;
  /** Predicted cells drawn now. */
  readonly cells: number;
  /** The shell marked the prompt as its own (OSC 133): the first key of the line shows at once. */
  readonly markedPrompt: boolean;
  readonly echo: EchoLatency;
}

/**
 * The terminal session calls `typed` with keys it sends (never the half-duplex line, which is drawn already),
 * `output` with each chunk before writing it and `written` from the write callback, and `reset` when the
 * screen starts afresh (a reconnect that replays, history written above a new shell).
 */
export class PredictiveEchoAddon implements ITerminalAddon {
  private predictor: Predictor | null = null;
  private origins: InputOriginWatch | null = null;
  private layer: PredictionLayer | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** A layer draw waiting for the next animation frame (0: none). */
  private layerFrame = 0;
  private preference: DisplayPreference;
  private lastStatus: PredictorStatus | null = null;
  private reportedSamples = 0;
  /** Decodes only to find bells and escape sequences, which are ASCII; latin1 never fails on a split UTF-8 character. */
  private readonly decoder = new TextDecoder('latin1');
  private readonly disposables = new DisposableStore();
  private readonly clock: () => number;

  constructor(private readonly options: PredictiveEchoAddonOptions) {
    this.preference = options.preference;
    this.clock = options.clock ?? (() => performance.now());
  }

  activate(terminal: Terminal): void {
    const screen = xtermScreenView(terminal);
    this.predictor = new Predictor({ screen, clock: this.clock, preference: this.preference });
    this.layer = new PredictionLayer(terminal, screen);
    this.disposables.add(this.layer);
    // A paste is never predicted, however short; an input method's word is, however long.
    this.origins = this.disposables.add(new InputOriginWatch(terminal));
    // Scrolling back moves the rows under the layer; focus changes how the cursor is drawn. A flood scrolls
    // on every line (`seq` two million times), so a scroll only asks for the layer to follow once a frame: it
    // changes nothing the predictor knows, and its status and timers are looked at after each write instead.
    this.disposables.add(terminal.onScroll(() => this.drawLayerBeforePaint()));
    this.disposables.add(terminal.onRender(() => this.drawLayer()));
    this.disposables.add(toDisposable(() => clearTimeout(this.timer)));
    this.disposables.add(toDisposable(() => cancelAnimationFrame(this.layerFrame)));
    this.redraw();
  }

  typed(data: string): void {
    this.predictor?.keystrokes(data, this.origins?.take());
    this.redraw();
  }

  output(bytes: Uint8Array): void {
    this.predictor?.output(this.decoder.decode(bytes));
  }

  written(): void {
    this.predictor?.outputWritten();
    // A flood writes many chunks a frame; only the last state before the frame is painted is ever seen.
    this.redraw('nextFrame');
  }

  setPreference(preference: DisplayPreference): void {
    this.preference = preference;
    this.predictor?.setPreference(preference);
    this.redraw();
  }

  reset(): void {
    this.predictor?.reset();
    this.redraw();
  }

  get state(): PredictiveEchoState {
    const overlay = this.overlay();
    return {
      preference: this.preference,
      status: overlay.status.kind,
      shown: this.layer?.shownText ?? '',
      cells: overlay.display ? overlay.cells.length : 0,
      markedPrompt: this.predictor?.atMarkedPrompt ?? false,
      echo: this.echoLatency(),
    };
  }

  get status(): PredictorStatus {
    return this.overlay().status;
  }

  /** What is drawn over the terminal right now. */
  overlayNow(): PredictionOverlay {
    return this.overlay();
  }

  private overlay(): PredictionOverlay {
    return this.predictor?.overlay() ?? { display: false, cells: [], cursor: null, status: { kind: 'off' } };
  }

  private echoLatency(): EchoLatency {
    return (
      this.predictor?.echoLatency() ?? { smoothedMs: undefined, deviationMs: undefined, recentMs: [], sampleCount: 0, mispredictions: 0 }
    );
  }

  /** `nextFrame` draws the layer once before the next paint, however many times it is asked meanwhile. */
  private redraw(when: 'now' | 'nextFrame' = 'now'): void {
    const predictor = this.predictor;
    if (!predictor) return;
    if (when === 'now') this.drawLayer();
    else this.drawLayerBeforePaint();
    this.reportEchoTimes();
    const status = predictor.status();
    if (this.lastStatus === null || !sameStatus(status, this.lastStatus)) {
      this.lastStatus = status;
      this.options.onStatus?.(status);
    }
    this.schedule(predictor.nextTickAt());
  }

  /**
   * Draw the predictor's overlay. This runs on every chunk of output and every xterm.js render, nearly always
   * with nothing predicted: then, if the layer shows nothing already, there is nothing to do.
   */
  private drawLayer(): void {
    cancelAnimationFrame(this.layerFrame);
    this.layerFrame = 0;
    const { predictor, layer } = this;
    if (!predictor || !layer) return;
    if (!predictor.hasPredictions && layer.showsNothing) return;
    layer.draw(predictor.overlay());
  }

  private drawLayerBeforePaint(): void {
    const { predictor, layer } = this;
    if (this.layerFrame !== 0 || !predictor || !layer) return;
    if (!predictor.hasPredictions && layer.showsNothing) return;
    this.layerFrame = requestAnimationFrame(() => {
      this.layerFrame = 0;
      this.drawLayer();
    });
  }

  /** New keystroke → echo samples since the last report go to the latency overlay, oldest first. */
  private reportEchoTimes(): void {
    const { sampleCount, recentMs } = this.echoLatency();
    if (sampleCount === this.reportedSamples) return;
    const fresh = Math.min(sampleCount - this.reportedSamples, recentMs.length);
    this.reportedSamples = sampleCount;
    for (const ms of recentMs.slice(recentMs.length - fresh)) this.options.onEchoTime?.(ms);
  }

  /** One timer, for the earliest moment the predictor wants to look again. */
  private schedule(at: number | undefined): void {
    if (at === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.timer !== undefined && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.predictor?.tick();
      this.redraw();
    }, Math.max(0, at - this.clock()));
  }

  dispose(): void {
    this.disposables.dispose();
    this.predictor = null;
    this.layer = null;
    this.origins = null;
  }
}

function sameStatus(a: PredictorStatus, b: PredictorStatus): boolean {
  return a.kind === b.kind && (a.kind !== 'suspended' || (b.kind === 'suspended' && a.until === b.until));
}
