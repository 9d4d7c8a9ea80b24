// Terminal links, printed or OSC 8: where one goes shows on hover, and a click opens it, asks first, or says why not.
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { IBufferRange, ITerminalAddon, Terminal } from '@xterm/xterm';
import { assertNever } from '../../shared/protocol.js';
import { LinkDialog } from '../dialogs/linkDialog.js';
import { decideLink } from './linkPolicy.js';
import { LinkHover } from './linkHover.js';

export interface LinksAddonOptions {
  /** Where the confirmation dialog goes (the terminal's frame). */
  dialogHost: HTMLElement;
  /** A sentence for the user: a link longhaul would not open. */
  onNotice(message: string): void;
  /** Give the keyboard back to the terminal once the dialog is gone. */
  focusTerminal(): void;
  /** Opens a link the user may follow; a new tab that cannot reach back into this one. */
  open?(url: string): void;
}

const openInNewTab = (url: string) => void window.open(url, '_blank', 'noopener,noreferrer');

/** The text an OSC 8 link shows on its row (xterm.js gives 1-based cells, the end inclusive). */
function linkText(terminal: Terminal, range: IBufferRange): string {
  const line = terminal.buffer.active.getLine(range.start.y - 1);
  if (!line) return '';
  const end = range.end.y === range.start.y ? range.end.x : terminal.cols;
  return line.translateToString(true, range.start.x - 1, end);
}

export class LinksAddon implements ITerminalAddon {
  private hover: LinkHover | null = null;
  private dialog: LinkDialog | null = null;

  constructor(private readonly options: LinksAddonOptions) {}

  activate(terminal: Terminal): void {
    const hover = (this.hover = new LinkHover(terminal));
    // Every scheme reaches `follow`, so one that will not open is refused in words rather than ignored.
    terminal.options.linkHandler = {
      activate: (_event, uri, range) => this.follow(uri, linkText(terminal, range)),
      hover: (event, uri) => hover.show(event, uri),
      leave: () => hover.hide(),
      allowNonHttpProtocols: true,
    };
    terminal.loadAddon(
      new WebLinksAddon((_event, uri) => this.follow(uri, uri), {
        hover: (event, uri) => hover.show(event, uri),
        leave: () => hover.hide(),
      }),
    );
  }

  /** A link was clicked: open it, ask first showing where it goes, or say why not (see linkPolicy). */
  private follow(uri: string, text: string): void {
    this.hover?.hide();
    const open = this.options.open ?? openInNewTab;
    const decision = decideLink(uri, text, location.origin);
    switch (decision.kind) {
      case 'open':
        open(decision.url);
        return;
      case 'refuse':
        this.options.onNotice(decision.message);
        return;
      case 'ask':
        this.closeDialog();
        this.dialog = new LinkDialog(this.options.dialogHost, { url: decision.url, host: decision.host, text, reasons: decision.reasons }, (yes) => {
          this.closeDialog();
          if (yes) open(decision.url);
          this.options.focusTerminal();
        });
        this.dialog.focus();
        return;
      default:
        assertNever(decision);
    }
  }

  private closeDialog(): void {
    this.dialog?.dispose();
    this.dialog = null;
  }

  dispose(): void {
    this.closeDialog();
    this.hover?.dispose();
    this.hover = null;
  }
}
