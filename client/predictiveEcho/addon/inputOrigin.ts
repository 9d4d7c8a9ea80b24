// Tells where the next onData string comes from — a paste, an input method's commit, or keys — from the DOM events behind it.
import type { Terminal } from '@xterm/xterm';
import { DisposableStore, toDisposable, type Disposable } from '../../util/disposable.js';
import type { InputOrigin } from '../keys.js';

/**
 * What a DOM event says about the `onData` that follows it. xterm.js sends a paste's text in its `paste`
 * handler, an input method's word after `compositionend`, and text inserted without keys (dictation,
 * on-screen keyboards, `insertText`) from its `input` handler; typed keys come from `keydown`.
 */
export function originOfEvent(type: string, inputType?: string, data?: string | null): InputOrigin | undefined {
  if (type === 'paste') return 'pasted';
  if (type === 'compositionend') return 'composed';
  if (type === 'input' && (inputType === 'insertText' || inputType === 'insertFromComposition') && (data?.length ?? 0) > 1) {
    return 'composed';
  }
  return undefined;
}

/** Watches the terminal's text area; `take()` says where the `onData` being handled came from, once. */
export class InputOriginWatch implements Disposable {
  private pending: InputOrigin | undefined;
  private readonly disposables = new DisposableStore();

  constructor(terminal: Terminal) {
    const element = terminal.element;
    if (!element) return;
    // Capturing on the terminal's element runs before xterm.js's own handlers on the text area.
    const note = (event: Event): void => {
      const input = event as InputEvent;
      const origin = originOfEvent(event.type, input.inputType, input.data);
      if (origin) this.pending = origin;
    };
    for (const type of ['paste', 'compositionend', 'input']) {
      element.addEventListener(type, note, true);
      this.disposables.add(toDisposable(() => element.removeEventListener(type, note, true)));
    }
  }

  take(): InputOrigin {
    const origin = this.pending ?? 'typed';
    this.pending = undefined;
    return origin;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
