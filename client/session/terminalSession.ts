// One terminal tab's session: a terminal, its transport to the bridge, the questions the bridge asks, and how it ends.
import type { Terminal } from '@xterm/xterm';
import { assertNever, MAX_TERMINAL_DIMENSION, type ServerMessage } from '../../shared/protocol.js';
import { HostKeyDialog, type HostKeyQuestion } from '../dialogs/hostKeyDialog.js';
import type { HalfDuplexMode } from '../halfDuplex/halfDuplexMode.js';
import type { PredictiveEchoState } from '../predictiveEcho/addon/predictiveEchoAddon.js';
import type { LatencyReport } from '../latency/sessionLatency.js';
import { PromptDialog, type SecretPrompt } from '../dialogs/promptDialog.js';
import type { Command } from '../commands/command.js';
import { NoticeBar } from '../notices/noticeBar.js';
import { emptyScreen, type ScreenSnapshot } from '../terminal/screenSnapshot.js';
import { TerminalView } from '../terminal/terminalView.js';
import type { TextStyle } from '../terminal/cellStyle.js';
import { textBytes } from '../util/inputBytes.js';
import { BroadcastFeature, type BroadcastLink } from '../broadcast/broadcastFeature.js';
import { FilesFeature } from '../files/filesFeature.js';
import type { TerminalSize, TerminalTransport, TransportFactory } from '../transport/transport.js';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { LatestDebounce } from '../util/latestDebounce.js';
import type { PredictiveEchoMode } from '../../shared/savedSessions.js';
import { historyDivider, type HistoryRestore } from '../savedSessions/history.js';
import type { SessionLook } from '../savedSessions/tabLook.js';
import type { TabContext, TabFeature } from '../tabFeatures/tabFeature.js';
import { TabFeatures, type FeatureType } from '../tabFeatures/tabFeatures.js';
import { ConnectingStatus, type AskingTab } from './connectingStatus.js';
import { newShellBelow } from './newShellBelow.js';
import { ShellOutput } from './shellOutput.js';
import type { ScreenOptions, TerminalSessionOptions } from './sessionOptions.js';
import { addBuiltInFeatures, type BuiltInFeatures } from './tabFeatureSet.js';
import type { RendererKind } from '../terminal/renderer/rendererChoice.js';
import { rendererPreference } from '../terminal/renderer/rendererPreference.js';
import { ImpossibleTransition, nextSessionState, type SessionEvent, type SessionState } from './sessionState.js';
import { closedHeading, closedTone, connectingHeadline, connectionLostMessage, reconnectDivider, reconnectingMessage, type NoticeTone } from './wording.js';
import { SHELL_INTEGRATION_LINE } from '../shellIntegration/integrationLine.js';

/** The one toast that says how reconnecting goes: each update replaces it rather than stacking. */
const RECONNECTING_NOTICE = 'reconnecting';
/** A note about how the shell was reached stays up longer than other notices: it may explain a surprise. */
const NOTE_MS = 12_000;

/** Resizes settle before they are sent: dragging a window edge would otherwise send dozens. */
export const RESIZE_DEBOUNCE_MS = 50;

export type { ScreenOptions, TerminalSessionOptions } from './sessionOptions.js';

export interface SessionHost {
  /** State or title changed: redraw the tab strip. */
  onChange(): void;
  onShortcut(command: Command): void;
  /** Whether this tab is the one on screen (only then may it take focus). */
  isActive(): boolean;
  /**
   * The history entry (with scrollback) of a live session that is gone, if the bridge kept one; the tab then offers
   * to reopen it from history.
   */
  historyOf?(liveSessionId: string): Promise<HistoryRestore | undefined>;
  /** Another tab of this page to `target` that is asking for a login (a dialog open), if there is one. */
  askingTab?(target: string): AskingTab | undefined;
  /** A history entry by its id (undefined once pruned), for a reloaded tab that showed it above its shell. */
  historyById?(id: number): Promise<HistoryRestore | undefined>;
  /** Broadcast input, as it concerns this tab. */
  broadcast?: BroadcastLink;
}

type OpenDialog = Disposable & { focus(): void };

const clampDimension = (n: number) => Math.min(MAX_TERMINAL_DIMENSION, Math.max(1, Math.floor(n)));

export class TerminalSession implements Disposable {
  private sessionState: SessionState = 'connecting';
  private terminalTitle = '';
  private transport: TerminalTransport | null = null;
  /** The bridge's session this tab shows; kept so the tab can be reopened after it is closed. */
  private liveSessionId: string | undefined;
  private resumeOnConnect: { sessionId: string } | undefined;
  /** The live session this tab last asked to attach to, to find it in history if the bridge says it is gone. */
  private attachedTo: string | undefined;
  /**
   * What to do by itself when the bridge says the shell is gone: nothing (a closed tab reopened too late: the tab
   * offers history), bring the scrollback back from history (a reloaded page: the terminal is empty), or only start
   * a new shell below a divider (a tab that held the shell: its terminal already shows everything).
   */
  private whenGone: 'offer' | 'restore-history' | 'new-shell';
  /** The history entry this tab shows above its shell, if it was brought back from history. */
  private shownHistoryId: number | undefined;
  /** Still to be typed once the first shell is ready. */
  private commandOnConnect: string | undefined;
  /** Type the shell integration line into every new shell (its guard makes a second time a no-op). */
  private readonly shellIntegration: boolean;
  /** The saved session this tab was opened from (its id, label and colour), if any. */
  readonly savedSession: SessionLook | undefined;
  /** The host group this tab was opened with (Open group), if any. */
  readonly group: string | undefined;
  /** What plugs into this tab's input, output and lifecycle: half-duplex, predictive echo, latency, search… */
  private readonly features = new TabFeatures();
  private readonly builtIn: BuiltInFeatures;
  private readonly output: ShellOutput;
  private dialog: OpenDialog | null = null;
  private readonly root: HTMLElement;
  private readonly view: TerminalView;
  private readonly status: ConnectingStatus;
  private readonly notices: NoticeBar;
  private readonly resizes = new LatestDebounce<TerminalSize>(RESIZE_DEBOUNCE_MS, ({ cols, rows }) =>
    this.transport?.send({ type: 'resize', cols: clampDimension(cols), rows: clampDimension(rows) }),
  );
  private disposed = false;
  /** The connection to longhaul dropped and is being made again; the shell may still run. */
  private reconnectingNow = false;
  /** The bridge's note about how this shell was reached (a saved key file not found, another tab's login used). */
  private connectNote = '';

  constructor(
    panel: HTMLElement,
    readonly target: string,
    private readonly host: SessionHost,
    private readonly createTransport: TransportFactory,
    options: TerminalSessionOptions = {},
  ) {
    const frame = el('div', { class: 'terminal-frame' });
    // The bar under the terminal: what the input modes are doing, and their controls.
    const bar = el('div', { class: 'session-bar' });
    this.root = el('div', { class: 'session' }, frame, bar);
    panel.append(this.root);
    this.view = new TerminalView(frame, {
      onTyped: (data) => this.onTyped(data),
      onInput: (bytes) => this.onInput(bytes),
      onResize: (size) => this.resizes.push(size),
      onTitle: (title) => {
        this.terminalTitle = title.trim();
        host.onChange();
      },
      onShortcut: (command) => host.onShortcut(command),
      onSearch: () => this.openSearch(),
      onNotice: (message) => this.notices.flash(message),
    }, rendererPreference().setting);
    this.status = new ConnectingStatus(this.root);
    this.notices = new NoticeBar(this.root, undefined, frame); // toasts float over the terminal, never over its bar
    this.output = new ShellOutput(this.view, this.features, () => !host.isActive());
    this.builtIn = addBuiltInFeatures(this.features, this.tabContext(bar, frame), this.view, options, host.broadcast);
    this.group = options.group;
    this.resumeOnConnect = options.resume;
    this.whenGone = options.restoreIfGone ? 'restore-history' : 'offer';
    this.savedSession = options.savedSession;
    this.commandOnConnect = options.commandOnConnect?.trim() || undefined;
    this.shellIntegration = options.shellIntegration === true;
    if (options.history) this.writeHistory(options.history, () => this.connect());
    else if (options.historyId !== undefined && host.historyById) {
      // The old output first, so the shell's own output (replayed on attach) can only follow it.
      void host.historyById(options.historyId).then(
        (history) => (history ? this.writeHistory(history, () => this.connect()) : this.connect()),
        () => this.connect(),
      );
    } else this.connect();
  }

  /** What a feature is given about this tab: its terminal, its bar and frame, and ways to reach the shell and the user. */
  private tabContext(bar: HTMLElement, frame: HTMLElement): TabContext {
    const isReady = () => this.sessionState === 'ready';
    const sessionId = () => this.liveSessionId;
    const savedSessionId = () => this.savedSessionId;
    return {
      terminal: this.view.terminal,
      target: this.target,
      bar,
      frame,
      send: (bytes) => this.onInput(bytes),
      sendText: (text) => this.onInput(textBytes(text)),
      sendMessage: (message) => this.transport?.send(message),
      flash: (message, ms) => this.notices.flash(message, ms),
      changed: () => this.host.onChange(),
      focusTerminal: () => this.view.focus(),
      get ready() {
        return isReady();
      },
      get sessionId() {
        return sessionId();
      },
      get savedSessionId() {
        return savedSessionId();
      },
    };
  }

  /** This tab's feature of the given class, if it has one. */
  feature<T extends TabFeature>(type: FeatureType<T>): T | undefined {
    return this.features.get(type);
  }

  /** What the tab's features report to `window.longhaul.feature(name)`: the names, and one feature's report. */
  featureNames(): string[] {
    return this.disposed ? [] : this.features.reportNames();
  }

  featureReport(name: string): unknown {
    return this.disposed ? undefined : this.features.report(name);
  }

  /** Half-duplex mode: the toggle, the line editor and its overlay; see client/halfDuplex/. */
  get halfDuplex(): HalfDuplexMode {
    return this.builtIn.halfDuplex.mode;
  }

  /** Predictive echo's setting for this tab now. */
  get predictiveEcho(): PredictiveEchoMode {
    return this.builtIn.prediction.preference;
  }

  /** What predictive echo is doing in this tab, for `window.longhaul.predictiveEcho()`. */
  predictiveEchoState(): PredictiveEchoState {
    return this.builtIn.prediction.state;
  }

  /** The id of the saved session this tab was opened from. */
  uploadFiles(): void {
    this.feature(FilesFeature)?.chooseFiles();
  }

  uploadFolder(): void {
    this.feature(FilesFeature)?.chooseFolder();
  }

  downloadFile(): void {
    void this.feature(FilesFeature)?.download();
  }

  /** Keys typed into this tab are broadcast to the other tabs in view, and theirs come here. */
  get broadcasting(): boolean {
    return this.feature(BroadcastFeature)?.reaches ?? false;
  }

  get savedSessionId(): string | undefined {
    return this.savedSession?.savedSessionId;
  }

  /**
   * Write a closed session's scrollback as it was (colours kept), leave any mode it left on, and a dim
   * divider below it; `then` runs once all that is drawn, so the new shell's output can only follow it.
   */
  private writeHistory(history: HistoryRestore, then: () => void): void {
    this.shownHistoryId = history.id;
    this.view.writeText(history.scrollback, () => {
      if (this.disposed) return;
      const divider = historyDivider(history.closedAt, this.view.size.cols);
      this.view.writeText(newShellBelow(divider, this.view.isAlternateScreen), () => {
        if (this.disposed) return;
        this.terminalTitle = ''; // the old shell's title describes nothing now
        this.features.event({ kind: 'reset', why: 'history' });
        then();
      });
    });
  }

  /** The live session on the bridge, once there is one. */
  get sessionId(): string | undefined {
    return this.liveSessionId;
  }

  /** The live session this tab shows or is attaching to (a reloaded tab knows it before the bridge answers). */
  get heldSessionId(): string | undefined {
    return this.liveSessionId ?? this.attachedTo ?? this.resumeOnConnect?.sessionId;
  }

  /** The history entry this tab shows above its shell, if it was brought back from history. */
  get historyId(): number | undefined {
    return this.shownHistoryId;
  }

  get state(): SessionState {
    return this.sessionState;
  }

  /** The shell's title when it sets one (OSC 0/2), else what the user typed. */
  get title(): string {
    return this.terminalTitle || this.target;
  }

  /** What the tab is doing, in words (the strip shows it as a tooltip): connecting, or its host is silent. */
  get statusText(): string {
    return [this.status.text, this.connectNote, this.builtIn.latency.silenceText ?? ''].filter(Boolean).join('\n');
  }

  /** The host has stopped answering (the silent-host banner is up). */
  get hostSilent(): boolean {
    return this.builtIn.latency.silenceText !== null;
  }

  private connect(): void {
    this.output.restart();
    this.connectNote = ''; // a new shell, reached its own way
    this.status.show(connectingHeadline(this.target));
    const resume = this.resumeOnConnect;
    this.resumeOnConnect = undefined; // a later Reconnect starts a new shell
    this.attachedTo = resume?.sessionId;
    this.transport = this.createTransport({
      target: this.target,
      ...(resume ? { resume } : {}),
      ...(this.savedSession?.savedSessionId ? { savedSessionId: this.savedSession.savedSessionId } : {}),
      size: () => this.currentSize(),
      listener: {
        onMessage: (message) => this.onMessage(message),
        onOutput: (offset, payload) => this.onOutput(offset, payload),
        onLost: (reason) => this.onLost(reason),
        // A dropped connection to longhaul is bridged. The notice says only what the page knows: the link
        // dropped, or longhaul cannot be reached at all (then whether the shell still runs is not known here).
        onReconnecting: (inMs, _reason, trouble) => {
          this.setReconnecting(true);
          this.features.event({ kind: 'reconnecting' });
          this.notices.flash(reconnectingMessage(inMs, trouble), inMs + 1000, RECONNECTING_NOTICE);
        },
        onReconnected: () => {
          this.setReconnecting(false);
          this.notices.flash('Reconnected to longhaul; nothing was lost.', undefined, RECONNECTING_NOTICE);
        },
      },
    });
  }

  /** Whether the connection to longhaul is being made again (views say "reconnecting"). */
  get reconnecting(): boolean {
    return this.reconnectingNow;
  }

  private setReconnecting(reconnecting: boolean): void {
    if (this.reconnectingNow === reconnecting) return;
    this.reconnectingNow = reconnecting;
    this.host.onChange();
  }

  private currentSize(): TerminalSize {
    this.view.fit();
    const { cols, rows } = this.view.size;
    return { cols: clampDimension(cols), rows: clampDimension(rows) };
  }

  private transition(event: SessionEvent): void {
    this.sessionState = nextSessionState(this.sessionState, event);
    this.host.onChange();
  }

  private onMessage(message: ServerMessage): void {
    try {
      this.handle(message);
    } catch (error) {
      // The bridge said something that cannot happen now; ignore it rather than break the tab.
      if (!(error instanceof ImpossibleTransition)) throw error;
      console.warn(`longhaul: ignored '${message.type}' from the bridge: ${error.message}`);
    }
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'welcome':
        this.features.event({ kind: 'connected' });
        return; // the transport has answered it with `open`
      case 'status':
        this.transition('status');
        if (message.note) {
          // How the shell was reached, which the user would not see otherwise: said once, and kept in the tab's status
          // (each of them: a login reused despite a missing key file, and that the shell ends with longhaul).
          this.connectNote = this.connectNote ? `${this.connectNote}\n${message.note}` : message.note;
          this.notices.flash(message.note, NOTE_MS);
        }
        if (message.waitingFor && message.detail) {
          const asking = this.host.askingTab?.(this.target);
          this.status.showWaiting(connectingHeadline(this.target, message.phase), message.detail, this.target, message.waitingFor, asking);
        } else {
          this.status.show(connectingHeadline(this.target, message.phase), message.detail);
        }
        this.host.onChange(); // the strip's tooltip says the phase too
        return;
      case 'host-key':
        this.transition('host-key');
        this.askHostKey(message);
        return;
      case 'prompt':
        this.transition('prompt');
        this.askSecrets(message);
        return;
      case 'ready':
        this.liveSessionId = message.sessionId;
        this.whenGone = 'new-shell';
        this.view.hostAnswersQueries = message.hostAnswers === true;
        this.transition('ready');
        this.features.event({ kind: 'ready' });
        this.status.hide();
        // A resize while connecting reached the bridge before the shell existed; say the size again.
        this.resizes.push(this.currentSize());
        this.resizes.flush();
        if (this.host.isActive()) this.view.focus();
        this.typeOnShellStart();
        return;
      case 'input-ack':
        return; // for predictive echo and resume, later
      case 'closed':
        this.transition('closed');
        if (message.reason === 'gone' && this.whenGone !== 'offer') this.restoreFromHistory(message.message);
        else {
          this.ended(message.message, closedTone(message.reason), closedHeading(message.reason));
          if (message.reason === 'gone') this.offerHistory(message.message);
        }
        return;
      case 'error':
        console.warn(`longhaul: the bridge refused a message (${message.code}): ${message.message}`);
        this.notices.flash(message.message);
        return;
      case 'attached':
        // Back on a live session, after a drop or when a closed tab is reopened.
        this.liveSessionId = message.sessionId;
        this.whenGone = 'new-shell';
        this.view.hostAnswersQueries = message.hostAnswers === true;
        if (message.replay) {
          // The bridge no longer holds all we missed: start the screen afresh from what it has.
          this.view.writeText('\x1bc');
          this.output.restart();
          this.features.event({ kind: 'reset', why: 'replay' });
        }
        this.output.attachedAt(message.liveFrom);
        if (this.sessionState !== 'ready') {
          this.transition('ready');
          this.status.hide();
          if (this.host.isActive()) this.view.focus();
        }
        this.resizes.push(this.currentSize());
        this.resizes.flush();
        this.features.event({ kind: 'attached', replay: message.replay });
        return;
      case 'pong':
      case 'host-rtt':
      case 'host-silence':
      case 'reconnecting':
      case 'timeline':
        this.features.message(message);
        return;
      default:
        assertNever(message);
    }
  }

  /**
   * What the saved session types into a new shell as if the user had: the shell integration line (into each new
   * shell: the marks live only as long as the shell), then its command (into the first one only).
   */
  private typeOnShellStart(): void {
    if (this.shellIntegration) this.onInput(textBytes(`${SHELL_INTEGRATION_LINE}\r`));
    const command = this.commandOnConnect;
    this.commandOnConnect = undefined;
    if (command) this.onInput(textBytes(`${command}\r`));
  }

  /** The live session is gone; if history kept it, offer to reopen it from there (Reconnect stays). */
  private offerHistory(message: string): void {
    const liveId = this.liveSessionId ?? this.attachedTo;
    if (!liveId || !this.host.historyOf) return;
    void this.host.historyOf(liveId).then(
      (history) => {
        if (!history || this.disposed || this.sessionState !== 'closed') return;
        this.notices.showEnded(message, 'info', [
          { label: 'Reopen from history', run: () => this.reopenFromHistory(history) },
          { label: 'Reconnect', run: () => this.reconnect() },
        ]);
      },
      () => undefined, // no history: Reconnect is still there
    );
  }

  /**
   * The shell this tab had is gone (longhaul restarted, or crashed, since): bring the tab back by itself, from the
   * history longhaul kept of that shell — its scrollback (unless the terminal still shows it) above a divider, and a
   * new shell below. Without a history entry, say what happened and offer Reconnect.
   */
  private restoreFromHistory(message: string): void {
    const liveId = this.liveSessionId ?? this.attachedTo;
    const showScrollback = this.whenGone === 'restore-history';
    const giveUp = () => {
      if (this.disposed || this.sessionState !== 'closed') return;
      this.ended(message, 'info');
    };
    this.transport?.dispose();
    this.transport = null;
    this.status.show(`Bringing back ${this.target} from history…`);
    if (!liveId || !this.host.historyOf) return giveUp();
    void this.host.historyOf(liveId).then((history) => {
      if (!history) return giveUp();
      this.status.hide();
      this.reopenFromHistory(showScrollback ? history : { ...history, scrollback: '' });
    }, giveUp);
  }

  /** Show a closed session's scrollback in this tab and start a new shell below it. */
  reopenFromHistory(history: HistoryRestore): void {
    if (this.sessionState !== 'closed' || this.disposed) return;
    this.notices.clearEnded();
    this.transition('reconnect');
    this.status.show(connectingHeadline(this.target));
    this.writeHistory(history, () => this.connect());
    if (this.host.isActive()) this.view.focus();
  }

  private askHostKey(question: HostKeyQuestion): void {
    this.showDialog(
      new HostKeyDialog(this.root, question, (trust) => {
        this.closeDialog();
        this.transport?.send({ type: 'host-key-answer', trust });
        this.transition('host-key-answered');
        if (this.host.isActive()) this.view.focus();
      }),
    );
  }

  private askSecrets(prompt: SecretPrompt): void {
    this.showDialog(
      new PromptDialog(this.root, prompt, (answers) => {
        this.closeDialog();
        this.transport?.send({ type: 'prompt-answer', id: prompt.id, answers });
        this.transition('prompt-answered');
        if (this.host.isActive()) this.view.focus();
      }),
    );
  }

  private showDialog(dialog: OpenDialog): void {
    this.closeDialog();
    this.dialog = dialog;
    if (this.host.isActive()) dialog.focus();
  }

  private closeDialog(): void {
    this.dialog?.dispose();
    this.dialog = null;
  }

  private onOutput(offset: number, payload: Uint8Array): void {
    const transport = this.transport;
    this.output.receive(offset, payload, (drawnTo) => transport?.send({ type: 'ack', offset: drawnTo }));
  }

  /** A typed string goes to the first feature that takes it, else to the host; a tab without a shell drops it. */
  private onTyped(data: string): void {
    if (this.sessionState !== 'ready') return;
    if (this.features.typed(data)) return;
    this.onInput(textBytes(data));
  }

  private onInput(bytes: Uint8Array): void {
    if (this.sessionState !== 'ready') return;
    // The shell must see the size the user sees before the keys typed at that size.
    this.resizes.flush();
    this.transport?.sendInput(bytes);
  }

  private onLost(reason: string): void {
    this.reconnectingNow = false;
    this.transition('lost');
    this.ended(connectionLostMessage(reason), 'warning');
  }

  private ended(message: string, tone: NoticeTone, heading?: string): void {
    this.features.event({ kind: 'ended' });
    this.closeDialog();
    this.status.hide();
    this.resizes.cancel();
    this.transport?.dispose();
    this.transport = null;
    this.notices.showEnded(message, tone, [{ label: 'Reconnect', run: () => this.reconnect() }], heading);
  }

  /** Connect this tab again to the same target, on a new shell, below a divider in the same terminal. */
  reconnect(): void {
    if (this.sessionState !== 'closed' || this.disposed) return;
    const divider = reconnectDivider(this.target, this.view.size.cols, new Date());
    this.view.writeText(newShellBelow(divider, this.view.isAlternateScreen));
    this.features.event({ kind: 'reset', why: 'reconnect' });
    this.notices.clearEnded();
    this.terminalTitle = ''; // the old shell's title no longer describes anything
    this.transition('reconnect');
    this.connect();
    if (this.host.isActive()) this.view.focus();
  }

  /** The tab became visible: it has a size again. */
  show(): void {
    this.view.setBackground(false);
    this.view.fit();
    this.output.foreground();
    this.features.event({ kind: 'shown' });
  }

  /** The tab went to the background. */
  hide(): void {
    this.features.event({ kind: 'hidden' });
    this.view.setBackground(true);
  }

  fit(): void {
    this.view.fit();
  }

  focus(): void {
    if (this.dialog) this.dialog.focus();
    else this.view.focus();
  }

  openSearch(): void {
    this.builtIn.search.open();
  }

  /** The tab's xterm.js terminal, for the commands that act on it (copy, paste, clear the scrollback). */
  get terminal(): Terminal {
    return this.view.terminal;
  }

  /** What a person sees: the terminal's rows with predictive echo's cells in them, unless told otherwise. */
  screen(options: ScreenOptions = {}): ScreenSnapshot {
    if (this.disposed) return emptyScreen();
    const rows = this.view.screen();
    return options.predictions === false ? rows : this.builtIn.prediction.withPredictions(rows);
  }

  buffer(): string[] {
    return this.disposed ? [] : this.view.buffer();
  }

  textStyle(text: string): TextStyle | null {
    return this.disposed ? null : this.view.styleOf(text);
  }

  /** The tab's latency figures, for window.longhaul.latency(). */
  latency(): LatencyReport {
    return this.builtIn.latency.report();
  }

  /** What this tab's terminal draws with now, for window.longhaul.renderer(). */
  renderer(): RendererKind | null {
    return this.disposed ? null : this.view.renderer;
  }

  /**
   * The user closed the tab: a live shell is detached (it keeps running for the bridge's grace period and can
   * be reopened); a session still connecting is ended. Then let go of everything.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.output.dispose();
    if (this.sessionState === 'ready') this.transport?.detach();
    else this.transport?.close();
    this.transport = null;
    this.closeDialog();
    this.resizes.dispose();
    this.notices.dispose();
    this.features.dispose();
    this.status.dispose();
    this.view.dispose();
    this.root.remove();
  }
}
