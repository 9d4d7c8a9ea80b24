// In-page instruments for browser benchmarks: when keys reach the page, when their bytes leave it, when their echo
// comes back, and how long the page's main thread goes without running a timer (a stall users feel as lag).
import type { BrowserContext, Page } from 'playwright-core';
import type { BarePage } from './barePage.js';

export interface ProbeKey {
  key: string;
  /** performance.now() when the page's keydown listener ran. */
  handledAt: number;
  /** How long the event waited before the page could handle it (handledAt - event.timeStamp). */
  queuedMs: number;
  /** When the first input frame after this key left the page (WebSocket.send), if one did. */
  sentAt?: number;
  /** When an output frame holding the key's echo (itself; `\b` for Backspace) first arrived after it was sent. */
  echoAt?: number;
}

export interface ProbeReport {
  keys: ProbeKey[];
  /** Output payload bytes received by every terminal socket of the page since it loaded (reset() keeps it). */
  outputBytes: number;
  /** Gaps between runs of a 10 ms interval timer while the stall monitor ran, in ms. */
  timerGaps: number[];
}

interface ProbeState {
  keys: ProbeKey[];
  pendingEcho: { key: ProbeKey; echo: number }[];
  outputBytes: number;
  timerGaps: number[];
  monitor: number | undefined;
}

declare global {
  interface Window {
    longhaulBench: {
      startStallMonitor(): void;
      stopStallMonitor(): void;
      reset(): void;
      report(): ProbeReport;
      /** A black box laid exactly over the page's terminal, for a second terminal to open in (the caller removes it). */
      overTerminal(): HTMLElement;
    };
  }
}

/** Installed before any page script runs: wraps WebSocket (binary frames: type byte 1 output, 2 input). */
function probeInit(): void {
  const state: ProbeState = { keys: [], pendingEcho: [], outputBytes: 0, timerGaps: [], monitor: undefined };
  window.addEventListener(
    'keydown',
    (event) => {
      if (['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) return;
      const handledAt = performance.now();
      const key: ProbeKey = { key: event.key, handledAt, queuedMs: handledAt - event.timeStamp };
      state.keys.push(key);
      // A printable key is echoed as itself; Backspace as `\b` (then a space or an erase).
      const echo = event.key.length === 1 && !event.ctrlKey && !event.altKey ? event.key.charCodeAt(0) : event.key === 'Backspace' ? 0x08 : undefined;
      if (echo !== undefined) state.pendingEcho.push({ key, echo });
    },
    true,
  );
  const Native = window.WebSocket;
  class ProbedWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (event: MessageEvent) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const bytes = new Uint8Array(event.data);
        if (bytes[0] !== 1) return;
        const at = performance.now();
        state.outputBytes += bytes.byteLength - 9;
        for (let i = state.pendingEcho.length - 1; i >= 0; i--) {
          const pending = state.pendingEcho[i]!;
          if (pending.key.sentAt !== undefined && bytes.indexOf(pending.echo, 9) !== -1) {
            pending.key.echoAt = at;
            state.pendingEcho.splice(i, 1);
          }
        }
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const view = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, 1) : undefined;
      if (view && view[0] === 2) {
        const at = performance.now();
        for (const key of state.keys) if (key.sentAt === undefined) key.sentAt = at;
      }
      super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;
  let last = 0;
  window.longhaulBench = {
    startStallMonitor() {
      last = performance.now();
      state.monitor = window.setInterval(() => {
        const now = performance.now();
        state.timerGaps.push(now - last);
        last = now;
      }, 10);
    },
    stopStallMonitor() {
      window.clearInterval(state.monitor);
    },
    reset() {
      state.keys = [];
      state.pendingEcho = [];
      state.timerGaps = [];
    },
    report() {
      return JSON.parse(JSON.stringify({ keys: state.keys, outputBytes: state.outputBytes, timerGaps: state.timerGaps })) as ProbeReport;
    },
    overTerminal() {
      const rect = document.querySelector<HTMLElement>('.terminal-host')?.getBoundingClientRect() ?? { left: 0, top: 0, width: 1000, height: 600 };
      const box = document.createElement('div');
      Object.assign(box.style, {
        position: 'fixed', left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px`,
        zIndex: '9999', background: '#000',
      });
      document.body.append(box);
      return box;
    },
  };
}

/**
 * Installs the probe in every page of `target`. First a stand-in for esbuild's `__name` helper: tsx compiles this file
 * with names kept, so functions sent to the page (this one, and those given to page.evaluate) call `__name`.
 */
export async function installPageProbe(target: Page | BrowserContext | BarePage): Promise<void> {
  await target.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  await target.addInitScript(probeInit);
}
