// Shows where a terminal link goes while the mouse is on it, as a browser's status bubble does.
import type { Terminal } from '@xterm/xterm';
import type { Disposable } from '../util/disposable.js';
import { el } from '../util/dom.js';
import './terminal.css';

export class LinkHover implements Disposable {
  private bubble: HTMLElement | null = null;

  constructor(private readonly terminal: Terminal) {}

  /** The mouse is on a link to `url`. */
  show(event: MouseEvent, url: string): void {
    const parent = this.terminal.element;
    if (!parent) return;
    // `xterm-hover` keeps xterm.js from treating a mouse on the bubble as a mouse on the cells under it.
    this.bubble ??= el('div', { class: 'xterm-hover link-hover', role: 'tooltip' });
    this.bubble.textContent = url;
    parent.append(this.bubble);
    // Below the pointer, or above it near the bottom, so it never covers the link itself.
    const box = parent.getBoundingClientRect();
    const y = event.clientY - box.top;
    const below = y < box.height - 48;
    this.bubble.style.left = `${Math.max(0, Math.min(event.clientX - box.left, box.width - this.bubble.offsetWidth))}px`;
    this.bubble.style.top = below ? `${y + 18}px` : '';
    this.bubble.style.bottom = below ? '' : `${box.height - y + 12}px`;
  }

  hide(): void {
    this.bubble?.remove();
  }

  dispose(): void {
    this.hide();
    this.bubble = null;
  }
}
