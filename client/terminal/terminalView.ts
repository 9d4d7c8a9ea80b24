// One xterm.js terminal and its addons: fit, Unicode 11 widths, links, and the renderer the setting picks.
import { styleOfText, type TextStyle } from './cellStyle.js';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import { commandFor } from '../commands/commandTable.js';
import type { Command } from '../commands/command.js';
import { binaryBytes } from '../util/inputBytes.js';
import type { TerminalSize } from '../transport/transport.js';
import { DisposableStore, toDisposable, type Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import { LinksAddon } from './linksAddon.js';
import { isAnsweredByTmux } from '../halfDuplex/terminalReports.js';
import { ReplayAwareWriter } from './replayedOutput.js';
import { bufferLinesOf, screenOf, type ScreenSnapshot } from './screenSnapshot.js';
import { chooseRenderer, type RendererKind, type RendererSetting } from './renderer/rendererChoice.js';
import { probeWebgl } from './renderer/webglProbe.js';
import { FONT_FAMILY, FONT_SIZE, THEME } from './theme.js';

export interface TerminalViewEvents {
  /** A string the user typed or pasted (or the terminal answered): the session decides who takes it. */
  onTyped(data: string): void;
  /** Bytes to send as they are: mouse reports, which never come as text. */
  onInput(bytes: Uint8Array): void;
  onResize(size: TerminalSize): void;
  onTitle(title: string): void;
  /** Tab shortcuts pressed inside the terminal; the app acts on them. */
  onShortcut(command: Command): void;
  /** Ctrl+Shift+F in the terminal: the tab opens its search bar. */
  onSearch(): void;
  /** A sentence for the user that needs no answer (a link longhaul would not open). */
  onNotice?(message: string): void;
}

export class TerminalView implements Disposable {
  readonly terminal: Terminal;
  private readonly host: HTMLElement;
  private readonly fitAddon = new FitAddon();
  private readonly disposables = new DisposableStore();
  /** The shell runs in tmux on the host (a durable shell), which answers cursor and device queries itself. */
  hostAnswersQueries = false;
  /** Every write goes through it, so the terminal's answers to replayed output can be told apart and dropped. */
  private readonly writer: ReplayAwareWriter;
  private fitFrame = 0;
  /** The WebGL addon while it draws; null while xterm.js's own DOM renderer does. */
  private webgl: WebglAddon | null = null;
  private rendererSetting: RendererSetting;
  /** A background tab gives its WebGL context back: a page may hold only about 16 at once. */
  private background = false;

  constructor(
    frame: HTMLElement,
    private readonly events: TerminalViewEvents,
    renderer: RendererSetting = 'auto',
  ) {
    this.rendererSetting = renderer;
    this.host = el('div', { class: 'terminal-host' });
    frame.append(this.host);
    this.terminal = new Terminal({
      allowProposedApi: true, // search decorations and the unicode API need it
      scrollback: 10_000,
      fontFamily: FONT_FAMILY,
      fontSize: FONT_SIZE,
      cursorBlink: true,
      theme: THEME,
    });
    this.disposables.add(this.terminal);
    this.terminal.loadAddon(this.fitAddon);
    this.terminal.loadAddon(new Unicode11Addon());
    this.terminal.unicode.activeVersion = '11'; // so wide characters (東京) take the cells the host's wcwidth gives them
    this.terminal.loadAddon(
      new LinksAddon({ dialogHost: frame, onNotice: (message) => events.onNotice?.(message), focusTerminal: () => this.focus() }),
    );
    this.terminal.open(this.host);
    this.applyRenderer();

    this.terminal.attachCustomKeyEventHandler((event) => this.onKey(event));
    this.writer = new ReplayAwareWriter(this.terminal);
    this.disposables.add(
      this.terminal.onData((data) => {
        if (this.writer.holdsBack(data)) return; // an answer to a replayed query: never to the host
        // tmux on the host answers its panes' queries itself: a second answer would be typed into the shell.
        if (this.hostAnswersQueries && isAnsweredByTmux(data)) return;
        events.onTyped(data);
      }),
    );
    // Only mouse reports come as binary; one made while a replay is parsed follows a mode the replay set.
    this.disposables.add(
      this.terminal.onBinary((data) => {
        if (!this.writer.parsingReplay) events.onInput(binaryBytes(data));
      }),
    );
    this.disposables.add(this.terminal.onResize(({ cols, rows }) => events.onResize({ cols, rows })));
    this.disposables.add(this.terminal.onTitleChange((title) => events.onTitle(title)));

    // Refit whenever the space changes: window resizes, the tab becoming visible, notices coming and going.
    const observer = new ResizeObserver(() => this.scheduleFit());
    observer.observe(this.host);
    this.disposables.add(toDisposable(() => observer.disconnect()));
    this.disposables.add(toDisposable(() => cancelAnimationFrame(this.fitFrame)));
    this.fit();
  }

  /** What this terminal draws with right now. */
  get renderer(): RendererKind {
    return this.webgl ? 'webgl' : 'dom';
  }

  setRenderer(setting: RendererSetting): void {
    this.rendererSetting = setting;
    this.applyRenderer();
  }

  /** In the background the terminal draws with the DOM renderer, which holds no WebGL context. */
  setBackground(background: boolean): void {
    this.background = background;
    this.applyRenderer();
  }

  private applyRenderer(): void {
    const wanted = this.background ? 'dom' : chooseRenderer(this.rendererSetting, probeWebgl());
    if (wanted === this.renderer) return;
    if (wanted === 'dom') {
      this.webgl?.dispose(); // xterm.js goes back to its DOM renderer
      this.webgl = null;
      return;
    }
    try {
      const webgl = new WebglAddon();
      // A lost context (GPU reset, context limit) disposes the addon, which hands drawing back to the DOM renderer.
      webgl.onContextLoss(() => {
        webgl.dispose();
        if (this.webgl === webgl) this.webgl = null;
      });
      this.terminal.loadAddon(webgl);
      this.webgl = webgl;
    } catch (error) {
      console.info('longhaul: WebGL is not available; drawing the terminal with the DOM renderer.', error);
    }
  }

  private onKey(event: KeyboardEvent): boolean {
    const command = commandFor(event);
    if (!command) return true;
    // xterm.js calls this for keydown, keypress and keyup; act once, but keep every phase from the shell.
    if (event.type === 'keydown') {
      // The app's window-level shortcut listener must not act on this a second time.
      event.stopPropagation();
      switch (command.id) {
        case 'terminal.copy':
          event.preventDefault(); // and keep Chrome's inspector shortcut away
          this.copySelection();
          break;
        case 'terminal.paste':
          // No preventDefault: the browser then fires a paste event at xterm.js, which pastes (bracketed if asked).
          break;
        case 'terminal.search':
          event.preventDefault();
          this.openSearch();
          break;
        default:
          event.preventDefault();
          this.events.onShortcut(command);
      }
    }
    return false;
  }

  private copySelection(): void {
    if (!this.terminal.hasSelection()) return;
    navigator.clipboard?.writeText(this.terminal.getSelection()).catch((error: unknown) => {
      console.warn('longhaul: could not copy to the clipboard', error);
    });
  }

  private scheduleFit(): void {
    cancelAnimationFrame(this.fitFrame);
    this.fitFrame = requestAnimationFrame(() => this.fit());
  }

  /** Size the terminal to its frame; a hidden frame (background tab) has no size and keeps the last one. */
  fit(): void {
    if (this.host.clientWidth === 0 || this.host.clientHeight === 0) return;
    const proposed = this.fitAddon.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
    this.fitAddon.fit();
  }

  get size(): TerminalSize {
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  get isAlternateScreen(): boolean {
    return this.terminal.buffer.active.type === 'alternate';
  }

  /**
   * Write output; `drawn` runs once xterm.js has parsed it. `replay`: it rebuilds a screen (a reloaded page, a
   * reopened tab), so the terminal's answers to the queries in it are dropped instead of sent to the host.
   */
  write(bytes: Uint8Array, drawn: () => void, replay = false): void {
    this.writer.write(bytes, replay, drawn);
  }

  /**
   * Write text into the terminal; `written` runs once xterm.js has parsed it (later writes stay behind it). Text the
   * page writes itself (history, dividers) is never answered: it is not from a program that waits for answers.
   */
  writeText(text: string, written?: () => void): void {
    this.writer.write(text, true, written);
  }

  focus(): void {
    this.terminal.focus();
  }

  /** Searching is the tab's (a feature of it); the view only hears the key. */
  private openSearch(): void {
    this.events.onSearch();
  }

  screen(): ScreenSnapshot {
    return screenOf(this.terminal);
  }

  buffer(): string[] {
    return bufferLinesOf(this.terminal);
  }

  /** The style (colour) of the first occurrence of `text` in the buffer. */
  styleOf(text: string): TextStyle | null {
    return styleOfText(this.terminal, text);
  }

  dispose(): void {
    this.disposables.dispose();
    this.host.remove();
  }
}
