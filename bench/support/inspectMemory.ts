// Asks a Node process started with --inspect=127.0.0.1:0 (its "Debugger listening on ws://…" line) to collect garbage,
// then for process.memoryUsage(): live heap and buffers, which RSS alone cannot tell apart from memory the allocator kept.
import { WebSocket } from 'ws';

export interface NodeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The inspector address a process printed, or undefined. */
export function inspectorUrl(printed: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(printed)?.[1];
}

export async function memoryAfterGc(url: string): Promise<NodeMemory> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as {
      result: { value: string };
    };
    return JSON.parse(result.result.value) as NodeMemory;
  } finally {
    socket.close();
  }
}
