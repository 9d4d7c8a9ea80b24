// One terminal tab's session: a terminal, its transport to the bridge, the questions the bridge asks, and how it ends.
import { assertNever, MAX_TERMINAL_DIMENSION, type ServerMessage } from '../../shared/protocol.js';
import { HostKeyDialog, type HostKeyQuestion } from '../dialogs/hostKeyDialog.js';
import { HalfDuplexMode } from '../halfDuplex/halfDuplexMode.js'; // half-duplex (issue 4)
import { PredictiveEchoAddon, type PredictiveEchoState } from '../predictiveEcho/addon/predictiveEchoAddon.js'; // issue 3
import { PredictiveEchoControl } from '../predictiveEcho/addon/predictiveEchoControl.js'; // issue 3
import { suspendedNotice } from '../predictiveEcho/addon/statusWords.js'; // issue 3
import { withPredictions } from '../predictiveEcho/addon/predictedScreen.js'; // issue 3
import { SessionLatency, type LatencyReport } from '../latency/sessionLatency.js'; // latency overlay (issue 6)
import { PromptDialog, type SecretPrompt } from '../dialogs/promptDialog.js';
import type { Shortcut } from '../keyboard/shortcuts.js';
import { NoticeBar } from '../notices/noticeBar.js';
import { emptyScreen, type ScreenSnapshot } from '../terminal/screenSnapshot.js';
import { splitAtLive } from '../terminal/replayedOutput.js';
import { TerminalView } from '../terminal/terminalView.js';
import type { TextStyle } from '../terminal/cellStyle.js';
import { textBytes } from '../util/inputBytes.js'; // half-duplex (issue 4)
import { OutputFlow } from '../transport/outputFlow.js';
import { AckPacer } from '../transport/backgroundPacer.js';
import type { TerminalSize, TerminalTransport, TransportFactory } from '../transport/transport.js';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { LatestDebounce } from '../util/latestDebounce.js';
import type { PredictiveEchoMode } from '../../shared/savedSessions.js';
import { historyDivider, type HistoryRestore } from '../savedSessions/history.js'; // issue 5
import type { SessionLook } from '../savedSessions/tabLook.js'; // issue 5
import { pageHalfDuplexMemory } from '../savedSessions/halfDuplexMemory.js';
import { ConnectingStatus, type AskingTab } from './connectingStatus.js';
import type { RendererKind } from '../terminal/renderer/rendererChoice.js';
import { RendererControl } from '../terminal/renderer/rendererControl.js';
import { rendererPreference } from '../terminal/renderer/rendererPreference.js';
import { ImpossibleTransition, nextSessionState, type SessionEvent, type SessionState } from './sessionState.js';
import { closedHeading, closedTone, connectingHeadline, connectionLostMessage, reconnectDivider, reconnectingMessage, type NoticeTone } from './wording.js';

/** The one toast that says how reconnecting goes: each update replaces it rather than stacking. */
const RECONNECTING_NOTICE = 'reconnecting';
/** A note about how the shell was reached stays up longer than other notices: it may explain a surprise. */
const NOTE_MS = 12_000;

/** Resizes settle before they are sent: dragging a window edge would otherwise send dozens. */
export const RESIZE_DEBOUNCE_MS = 50;

export interface SessionHost {
  /** State or title changed: redraw the tab strip. */
  onChange(): void;
  onShortcut(shortcut: Shortcut): void;
  /** Whether this tab is the one on screen (only then may it take focus). */
  isActive(): boolean;
  /**
   * issue 5: the history entry (with scrollback) of a live session that is gone, if the bridge kept one; the tab
   * then offers to reopen it from history.
   */
  historyOf?(liveSessionId: string): Promise<HistoryRestore | undefined>;
  /** Another tab of this page to `target` that is asking for a login (a dialog open), if there is one. */
  askingTab?(target: string): AskingTab | undefined;
  /** A history entry by its id (undefined once pruned), for a reloaded tab that showed it above its shell. */
  historyById?(id: number): Promise<HistoryRestore | undefined>;
}

type OpenDialog = Disposable & { focus(): void };

/** How a tab starts. Saved sessions (issue 5) fill these from the session's settings. */
export interface TerminalSessionOptions {
  /** Start in half-duplex mode (issue 4); off by default. */
  halfDuplex?: boolean;
  /** Attach to this live session (a reopened tab, a reloaded page) instead of opening a new shell. */
  resume?: { sessionId: string };
  /**
   * A tab the page had open before (a reload): if its shell is gone (longhaul restarted or crashed since), bring it
   * back by itself from history — its scrollback above a divider, a new shell below — instead of only saying so.
   */
  restoreIfGone?: boolean;
  /** A reloaded tab that showed this history entry above its shell: show it again, then attach below it. */
  historyId?: number;
  /** issue 5: the saved session this tab was opened from: its id, and the label and colour its tab shows. */
  savedSession?: SessionLook;
  /** Predictive echo's setting for this tab (issue 3); a saved session (issue 5) gives its default. Auto if unset. */
  predictiveEcho?: PredictiveEchoMode;
  /** issue 5: typed into the shell (then Enter) once it is ready the first time; never on a reattach. */
  commandOnConnect?: string;
  /** issue 5: a closed session's scrollback, written (with a divider) before the new shell starts below it. */
  history?: HistoryRestore;
}

export interface ScreenOptions {
  /** Draw predictive echo's predicted cells and cursor in (default), as the page shows them. */
  predictions?: boolean;
}

const clampDimension = (n: number) => Math.min(MAX_TERMINAL_DIMENSION, Math.max(1, Math.floor(n)));

/**
 * Leave whatever modes the previous shell left behind (alternate screen, application keys, mouse
 * reporting, bracketed paste, hidden cursor, colours) before a new shell starts on the same terminal.
 * Deliberately not DECSTR or a scroll-region reset: xterm.js moves the cursor home for those, and the
 * divider would then overwrite the old output instead of following it. Leaving the alternate screen
 * restores a saved cursor, so it is only sent when the alternate screen is on.
 */
const RESET_MODES = [
  '\x1b[?1l\x1b>', // normal cursor keys and keypad
  '\x1b[4l\x1b[?7h', // replace mode, autowrap on
  '\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l', // no mouse or focus reports
  '\x1b[?2004l', // no bracketed paste until the new shell asks
  '\x1b[?25h\x1b[0m', // visible cursor, default colours
].join('');

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
  /** issue 5: still to be typed once the first shell is ready. */
  private commandOnConnect: string | undefined;
  /** issue 5: the saved session this tab was opened from (its id, label and colour), if any. */
  readonly savedSession: SessionLook | undefined;
  /** Predictive echo (issue 3): the predictor as an xterm.js addon, and the tab's setting for it. */
  private readonly prediction: PredictiveEchoAddon;
  private readonly predictionControl: PredictiveEchoControl;
  /** The page's Renderer setting, shown in this tab's bar; the tab follows it. */
  private readonly rendererControl: RendererControl;
  private readonly rendererChoice: Disposable;
  private flow = new OutputFlow();
  /** Output before this offset was held by the bridge when the tab attached: drawn, never answered. */
  private liveFrom = 0;
  /** Paces this tab's acknowledgements while it is in the background; one per output stream, like `flow`. */
  private acks = new AckPacer();
  private dialog: OpenDialog | null = null;
  private readonly root: HTMLElement;
  private readonly view: TerminalView;
  private readonly status: ConnectingStatus;
  private readonly notices: NoticeBar;
  /** Half-duplex mode (issue 4): the toggle, the line editor and its overlay; see client/halfDuplex/. */
  readonly halfDuplex: HalfDuplexMode;
  private readonly latencyTools: SessionLatency; // latency overlay (issue 6)
  private readonly resizes = new LatestDebounce<TerminalSize>(RESIZE_DEBOUNCE_MS, ({ cols, rows }) =>
    this.transport?.send({ type: 'resize', cols: clampDimension(cols), rows: clampDimension(rows) }),
  );
  private disposed = false;
  /** Which shells had half-duplex on, and what was last recorded for this tab's. */
  private readonly halfDuplexMemory = pageHalfDuplexMemory();
  private halfDuplexRecorded: { sessionId: string; on: boolean } | null = null;
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
      onInput: (bytes) => this.onInput(bytes),
      onResize: (size) => this.resizes.push(size),
      onTitle: (title) => {
        this.terminalTitle = title.trim();
        host.onChange();
      },
      onShortcut: (shortcut) => host.onShortcut(shortcut),
      takeTyped: (data) => this.sessionState === 'ready' && this.halfDuplex.takeTyped(data), // half-duplex (issue 4)
      onTyped: (data) => {
        if (this.sessionState === 'ready') this.prediction.typed(data); // issue 3: only keys the host will see
      },
      onNotice: (message) => this.notices.flash(message),
    }, rendererPreference().setting);
    // half-duplex (issue 4): its lines go straight to the transport, never through prediction (already drawn).
    this.halfDuplex = new HalfDuplexMode({
      terminal: this.view.terminal,
      bar,
      host: target,
      send: (data) => this.onInput(textBytes(data)),
      onChange: () => {
        this.rememberHalfDuplex();
        host.onChange();
      },
      focusTerminal: () => this.view.focus(),
      // A tab coming back to a shell (reload, reopen, from history) is in the mode that shell was left in.
      initiallyOn: options.halfDuplex ?? this.halfDuplexMemory.wasOn(options.resume?.sessionId ?? options.history?.liveSessionId),
    });
    this.status = new ConnectingStatus(this.root);
    this.notices = new NoticeBar(this.root, undefined, frame); // toasts float over the terminal, never over its bar
    // latency overlay (issue 6); a silent host shows on the tab too, so it is seen from other tabs.
    this.latencyTools = new SessionLatency(frame, target, this.view.terminal, undefined, () => host.onChange());
    // issue 3: predictive echo; its keystroke → echo times feed the latency overlay.
    const preference = options.predictiveEcho ?? 'auto';
    this.predictionControl = new PredictiveEchoControl(bar, preference, (chosen) => this.prediction.setPreference(chosen));
    this.prediction = new PredictiveEchoAddon({
      preference,
      onEchoTime: (ms) => this.latencyTools.recordKeystrokeEcho(ms),
      onStatus: (status) => {
        const now = performance.now();
        this.predictionControl.render(status, now);
        const notice = suspendedNotice(status, now);
        if (notice) this.notices.flash(notice, 6000);
      },
    });
    this.view.terminal.loadAddon(this.prediction);
    this.rendererControl = new RendererControl(bar, rendererPreference());
    this.rendererControl.render(this.view.renderer);
    this.rendererChoice = rendererPreference().onChange((setting) => {
      this.view.setRenderer(setting);
      this.rendererControl.render(this.view.renderer);
    });
    this.resumeOnConnect = options.resume;
    this.whenGone = options.restoreIfGone ? 'restore-history' : 'offer';
    this.savedSession = options.savedSession;
    this.commandOnConnect = options.commandOnConnect?.trim() || undefined;
    if (options.history) this.writeHistory(options.history, () => this.connect());
    else if (options.historyId !== undefined && host.historyById) {
      // The old output first, so the shell's own output (replayed on attach) can only follow it.
      void host.historyById(options.historyId).then(
        (history) => (history ? this.writeHistory(history, () => this.connect()) : this.connect()),
        () => this.connect(),
      );
    } else this.connect();
  }

  /** Predictive echo's setting for this tab now (issue 3). */
  get predictiveEcho(): PredictiveEchoMode {
    return this.prediction.state.preference;
  }

  /** What predictive echo is doing in this tab, for `window.longhaul.predictiveEcho()` (issue 3). */
  predictiveEchoState(): PredictiveEchoState {
    return this.prediction.state;
  }

  /** The id of the saved session this tab was opened from. */
  get savedSessionId(): string | undefined {
    return this.savedSession?.savedSessionId;
  }

  /**
   * issue 5: write a closed session's scrollback as it was (colours kept), leave any mode it left on, and a dim
   * divider below it; `then` runs once all that is drawn, so the new shell's output can only follow it.
   */
  private writeHistory(history: HistoryRestore, then: () => void): void {
    this.shownHistoryId = history.id;
    this.view.writeText(history.scrollback, () => {
      if (this.disposed) return;
      const leaveAlternateScreen = this.view.isAlternateScreen ? '\x1b[?1049l' : '';
      const divider = historyDivider(history.closedAt, this.view.size.cols);
      this.view.writeText(`${leaveAlternateScreen}${RESET_MODES}\r\n\x1b[2m${divider}\x1b[0m\r\n`, () => {
        if (this.disposed) return;
        this.terminalTitle = ''; // the old shell's title describes nothing now
        this.prediction.reset();
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
    return [this.status.text, this.connectNote, this.latencyTools.silenceText ?? ''].filter(Boolean).join('\n');
  }

  /** The host has stopped answering (the silent-host banner is up). */
  get hostSilent(): boolean {
    return this.latencyTools.silenceText !== null;
  }

  private connect(): void {
    this.newOutputStream();
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
        // issue 5: a dropped connection to longhaul is bridged. The notice says only what the page knows: the link
        // dropped, or longhaul cannot be reached at all (then whether the shell still runs is not known here).
        onReconnecting: (inMs, _reason, trouble) => {
          this.latencyTools.connectionEnded();
          this.notices.flash(reconnectingMessage(inMs, trouble), inMs + 1000, RECONNECTING_NOTICE);
        },
        onReconnected: () => this.notices.flash('Reconnected to longhaul; nothing was lost.', undefined, RECONNECTING_NOTICE),
      },
    });
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
        this.latencyTools.connectionOpen((ping) => this.transport?.send(ping)); // latency overlay (issue 6)
        return; // the transport has answered it with `open`
      case 'status':
        this.transition('status');
        if (message.note) {
          // How the shell was reached, which the user would not see otherwise: said once, and kept in the tab's status.
          this.connectNote = message.note;
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
        this.rememberHalfDuplex();
        this.whenGone = 'new-shell';
        this.transition('ready');
        this.status.hide();
        // A resize while connecting reached the bridge before the shell existed; say the size again.
        this.resizes.push(this.currentSize());
        this.resizes.flush();
        if (this.host.isActive()) this.view.focus();
        this.typeCommandOnConnect();
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
        // issue 5: back on a live session, after a drop or when a closed tab is reopened.
        this.liveSessionId = message.sessionId;
        this.whenGone = 'new-shell';
        if (message.replay) {
          // The bridge no longer holds all we missed: start the screen afresh from what it has.
          this.view.writeText('\x1bc');
          this.newOutputStream();
          this.prediction.reset();
        }
        this.liveFrom = message.liveFrom;
        if (this.sessionState !== 'ready') {
          this.transition('ready');
          this.status.hide();
          if (this.host.isActive()) this.view.focus();
        }
        this.resizes.push(this.currentSize());
        this.resizes.flush();
        return;
      case 'pong':
      case 'host-rtt':
      case 'host-silence':
      case 'timeline':
        this.latencyTools.handle(message); // latency overlay (issue 6)
        return;
      default:
        assertNever(message);
    }
  }

  /** Record this shell's half-duplex mode when it (or the shell) changes, so a tab coming back to it keeps it. */
  private rememberHalfDuplex(): void {
    const sessionId = this.liveSessionId;
    const on = this.halfDuplex?.on ?? false;
    if (!sessionId || (this.halfDuplexRecorded?.sessionId === sessionId && this.halfDuplexRecorded.on === on)) return;
    this.halfDuplexRecorded = { sessionId, on };
    this.halfDuplexMemory.remember(sessionId, on);
  }

  /** issue 5: the saved session's command, typed once into the first shell as if the user had typed it. */
  private typeCommandOnConnect(): void {
    const command = this.commandOnConnect;
    this.commandOnConnect = undefined;
    if (command) this.onInput(textBytes(`${command}\r`));
  }

  /** issue 5: the live session is gone; if history kept it, offer to reopen it from there (Reconnect stays). */
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

  /** issue 5: show a closed session's scrollback in this tab and start a new shell below it. */
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
    const admitted = this.flow.admit(offset, payload);
    if (!admitted) return;
    if (admitted.missing > 0) console.warn(`longhaul: ${admitted.missing} output bytes were lost before offset ${offset}`);
    // The write callback may run after a reconnect; it must acknowledge on the stream it belongs to.
    const flow = this.flow;
    const transport = this.transport;
    this.prediction.output(admitted.bytes); // issue 3: before it is drawn, for timing and bells
    const acks = this.acks;
    const drawn = () => {
      this.prediction.written(); // issue 3: check the predictions against the screen as it now is
      const ack = flow.drawn(admitted.end);
      if (ack !== null) acks.offer(ack, !this.host.isActive(), (offset) => transport?.send({ type: 'ack', offset }));
    };
    // What the bridge held when this tab attached rebuilds the screen; only what follows may be answered.
    const { replayed, live } = splitAtLive(admitted.offset, admitted.bytes, this.liveFrom);
    if (replayed.byteLength > 0) this.view.write(replayed, live.byteLength > 0 ? () => undefined : drawn, true);
    if (live.byteLength > 0) this.view.write(live, drawn);
  }

  /** Output offsets start afresh (a new shell, or a replay): so do flow control and its pacing. */
  private newOutputStream(): void {
    this.flow = new OutputFlow();
    this.liveFrom = 0;
    this.acks.dispose();
    this.acks = new AckPacer();
  }

  private onInput(bytes: Uint8Array): void {
    if (this.sessionState !== 'ready') return;
    // The shell must see the size the user sees before the keys typed at that size.
    this.resizes.flush();
    this.transport?.sendInput(bytes);
  }

  private onLost(reason: string): void {
    this.transition('lost');
    this.ended(connectionLostMessage(reason), 'warning');
  }

  private ended(message: string, tone: NoticeTone, heading?: string): void {
    this.latencyTools.connectionEnded(); // latency overlay (issue 6): no pings, no silent-host banner
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
    const leaveAlternateScreen = this.view.isAlternateScreen ? '\x1b[?1049l' : '';
    this.view.writeText(`${leaveAlternateScreen}${RESET_MODES}\r\n\x1b[2m${divider}\x1b[0m\r\n`);
    this.prediction.reset();
    this.notices.clearEnded();
    this.terminalTitle = ''; // the old shell's title no longer describes anything
    this.transition('reconnect');
    this.connect();
    if (this.host.isActive()) this.view.focus();
  }

  /** The tab became visible: it has a size again. */
  show(): void {
    this.view.setBackground(false);
    this.rendererControl.render(this.view.renderer);
    this.view.fit();
    this.acks.foreground(); // a flood held back while the tab was behind others comes at full speed again
  }

  /** The tab went to the background. The search bar closes so only the visible tab has a Search field. */
  hide(): void {
    this.view.closeSearch();
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
    this.view.openSearch();
  }

  /** What a person sees: the terminal's rows with predictive echo's cells in them, unless told otherwise. */
  screen(options: ScreenOptions = {}): ScreenSnapshot {
    if (this.disposed) return emptyScreen();
    const rows = this.view.screen();
    return options.predictions === false ? rows : withPredictions(this.view.terminal, rows, this.prediction.overlayNow());
  }

  buffer(): string[] {
    return this.disposed ? [] : this.view.buffer();
  }

  textStyle(text: string): TextStyle | null {
    return this.disposed ? null : this.view.styleOf(text);
  }

  /** The tab's latency figures, for window.longhaul.latency() (issue 6). */
  latency(): LatencyReport {
    return this.latencyTools.report();
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
    this.acks.dispose();
    if (this.sessionState === 'ready') this.transport?.detach();
    else this.transport?.close();
    this.transport = null;
    this.closeDialog();
    this.resizes.dispose();
    this.notices.dispose();
    this.halfDuplex.dispose(); // half-duplex (issue 4)
    this.prediction.dispose(); // issue 3
    this.predictionControl.dispose();
    this.rendererChoice.dispose();
    this.rendererControl.dispose();
    this.latencyTools.dispose(); // latency overlay (issue 6)
    this.status.dispose();
    this.view.dispose();
    this.root.remove();
  }
}
