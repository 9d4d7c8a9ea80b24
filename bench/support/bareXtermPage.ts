// xterm.js fed by longhaul's bridge with none of longhaul's page code: its own WebSocket, the bridge's protocol, writes and acknowledgements only.
import { FRAME_HEADER_BYTES, FrameType } from '../../shared/frames.js';
import { ACK_BATCH_BYTES } from '../../shared/flowControl.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import type { DrivenPage } from './barePage.js';
import './pageProbe.js'; // window.longhaulBench, which the page must have installed

export interface BareXtermOptions {
  /** The host command; its end is known by `BENCHDONE` echoed after it. */
  command: string;
  target: string;
  cols: number;
  rows: number;
  /** The page's own terminal options (client/terminal/terminalView.ts). */
  terminalOptions: object;
}

/**
 * In a page of longhaul's (its origin and sign-in cookie; the page probe installed and xterm.js's script run in it as `window.Terminal`),
 * open a second terminal over the page's, a WebSocket to the bridge and a shell on `target`; run `command` and time
 * from sending it to its end marker parsed, in ms. Acknowledges as the page does: from xterm.js's write callback, every
 * ACK_BATCH_BYTES or once caught up. What this draws minus what the page draws is what longhaul's page code costs.
 */
export function bareXtermOverBridge(page: DrivenPage, options: BareXtermOptions): Promise<number> {
  const wire = { version: PROTOCOL_VERSION, header: FRAME_HEADER_BYTES, output: FrameType.Output, input: FrameType.Input, ackBytes: ACK_BATCH_BYTES };
  return page.evaluate(
    async ({ o, wire }) => {
      interface XtermLike {
        open(element: HTMLElement): void;
        resize(cols: number, rows: number): void;
        write(data: Uint8Array, callback: () => void): void;
        dispose(): void;
      }
      const { Terminal } = window as unknown as { Terminal: new (options: object) => XtermLike };
      const box = window.longhaulBench.overTerminal();
      const terminal = new Terminal(o.terminalOptions);
      terminal.open(box);
      terminal.resize(o.cols, o.rows);
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
      socket.binaryType = 'arraybuffer';
      const decoder = new TextDecoder();
      try {
        return await new Promise<number>((resolve, reject) => {
          let started = 0;
          let tail = '';
          let parsed = 0;
          let acked = 0;
          let pending = 0;
          socket.onerror = () => reject(new Error('the bare page could not reach the bridge'));
          socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', version: wire.version }));
          socket.onmessage = (event) => {
            if (typeof event.data === 'string') {
              const message = JSON.parse(event.data) as { type: string; message?: string };
              if (message.type === 'welcome') socket.send(JSON.stringify({ type: 'open', target: o.target, cols: o.cols, rows: o.rows }));
              else if (message.type === 'error' || message.type === 'closed') reject(new Error(`the bridge said: ${message.message}`));
              else if (message.type === 'ready') {
                // The shell's prompt first, then the command, as one input frame at input offset 0.
                setTimeout(() => {
                  const typed = new TextEncoder().encode(`${o.command}; echo BENCH''DONE\r`);
                  const frame = new Uint8Array(wire.header + typed.byteLength);
                  frame[0] = wire.input;
                  frame.set(typed, wire.header);
                  started = performance.now();
                  socket.send(frame);
                }, 500);
              }
              return;
            }
            const data = new Uint8Array(event.data as ArrayBuffer);
            const view = new DataView(data.buffer, data.byteOffset);
            if (view.getUint8(0) !== wire.output) return;
            const end = view.getUint32(1) * 2 ** 32 + view.getUint32(5) + data.byteLength - wire.header;
            const payload = data.subarray(wire.header);
            pending++;
            terminal.write(payload, () => {
              pending--;
              parsed = Math.max(parsed, end);
              if (parsed - acked >= wire.ackBytes || pending === 0) {
                acked = parsed;
                socket.send(JSON.stringify({ type: 'ack', offset: parsed }));
              }
              if (!started) return;
              tail = (tail + decoder.decode(payload.subarray(Math.max(0, payload.byteLength - 512)))).slice(-1024);
              if (tail.includes('BENCHDONE\r\n')) resolve(performance.now() - started);
            });
          };
        });
      } finally {
        socket.send(JSON.stringify({ type: 'close' }));
        socket.close();
        terminal.dispose();
        box.remove();
      }
    },
    { o: options, wire },
  );
}
