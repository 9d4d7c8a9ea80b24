// Half-duplex mode for one tab: the line editor with the host's line history, the addon that draws it, and the toggle.
import type { Terminal } from '@xterm/xterm';
import type { Disposable } from '../util/disposable.js';
import { HalfDuplexAddon, type HalfDuplexStatus } from './halfDuplexAddon.js';
import { LineEditor } from './lineEditor.js';
import { LineHistory, serverLineHistory, type LineHistoryStorage } from './lineHistory.js';
import { HalfDuplexToggle } from './modeToggle.js';

export interface HalfDuplexModeOptions {
  readonly terminal: Terminal;
  /** The tab's bar below its terminal, where the toggle goes. */
  readonly bar: HTMLElement;
  /** The host as the tab names it (`de1`): whose line history Up and Down walk. */
  readonly host: string;
  /** Sends text to the host as one input message. */
  readonly send: (data: string) => void;
  /** The mode, or what it shows, changed: redraw what shows it elsewhere (the tab strip). */
  readonly onChange: () => void;
  readonly focusTerminal: () => void;
  /** Whether the tab starts in half-duplex mode. Saved sessions pass their own default here. */
  readonly initiallyOn?: boolean;
  /** Where line history is kept (default: the bridge's store); tests pass their own. */
  readonly historyStorage?: LineHistoryStorage;
}

/**
 * What `window.longhaul.halfDuplex()` reports. A line that is not drawn (a secret, or not echoed by the host
 * yet) is not reported, only its length.
 */
export interface HalfDuplexState extends HalfDuplexStatus {
  /** The line as drawn: its first character (on the host already) and the local rest; '' while not drawn. */
  readonly line: string;
  readonly cursor: number;
  readonly length: number;
}

/** The bridge's store keeps line history across restarts; if it cannot be reached, the tab keeps it in memory. */
function browserHistoryStorage(): LineHistoryStorage {
  return serverLineHistory();
}

export class HalfDuplexMode implements Disposable {
  private addon: HalfDuplexAddon | null = null;
  /** The mode the user chose; it takes effect as soon as the line history is loaded. */
  private wanted: boolean;
  private readonly toggleControl: HalfDuplexToggle;
  private disposed = false;

  constructor(private readonly options: HalfDuplexModeOptions) {
    this.wanted = options.initiallyOn ?? false;
    this.toggleControl = new HalfDuplexToggle(options.bar, (byPointer) => {
      this.toggle();
      if (byPointer) options.focusTerminal();
    });
    this.toggleControl.render(this.status);
    const storage = options.historyStorage ?? browserHistoryStorage();
    const onError = (error: unknown) => console.warn(`longhaul: line history for ${options.host} is not kept:`, error);
    void LineHistory.open(storage, options.host, { onError }).then((history) => this.start(history));
  }

  private start(history: LineHistory): void {
    if (this.disposed) return;
    const addon = new HalfDuplexAddon({ editor: new LineEditor({ history }), send: this.options.send, onChange: () => this.changed() });
    this.options.terminal.loadAddon(addon);
    this.addon = addon;
    addon.setOn(this.wanted);
    this.changed();
  }

  get on(): boolean {
    return this.wanted;
  }

  get status(): HalfDuplexStatus {
    return this.addon?.status ?? { on: this.wanted, passThrough: false, waitingForPrompt: false, masked: false };
  }

  setOn(on: boolean): void {
    if (this.disposed || on === this.wanted) return;
    this.wanted = on;
    this.addon?.setOn(on);
    this.changed();
  }

  toggle(): void {
    this.setOn(!this.wanted);
  }

  /** One `onData` string; false when it should go to the host as usual. */
  takeTyped(data: string): boolean {
    return this.addon?.takeTyped(data) ?? false;
  }

  state(): HalfDuplexState {
    const line = this.addon?.line;
    const shown = line !== undefined && !line.masked && !line.awaitingEcho;
    return {
      ...this.status,
      line: shown ? line.probe + line.text : '',
      cursor: shown ? line.probe.length + line.cursor : 0,
      length: line ? line.probe.length + line.text.length : 0,
    };
  }

  private changed(): void {
    if (this.disposed) return;
    this.toggleControl.render(this.status);
    this.options.onChange();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.addon?.dispose();
    this.toggleControl.dispose();
  }
}
