// A TCP proxy that adds a one-way delay in each direction, to feel (and test) a far-away host from loopback.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface DelayProxyOptions {
  target: { host: string; port: number };
  listenHost?: string;
  /** 0 picks a free port; read it back from `DelayProxy.port`. */
  listenPort?: number;
  /** One-way delay from the client to the target, in milliseconds. */
  upMs: number;
  /** One-way delay from the target to the client, in milliseconds. */
  downMs: number;
  /** Stop reading a source once this many bytes wait in its direction's queue (default 4 MiB). */
  highWaterBytes?: number;
  /** Read the source again once its queue is back below this (default 1 MiB). */
  lowWaterBytes?: number;
}

export interface DelayProxy {
  readonly host: string;
  readonly port: number;
  /** Client connections accepted since the proxy started. */
  readonly connectionsAccepted: number;
  /** Bytes received but not yet delivered, over all connections and both directions. */
  readonly bufferedBytes: number;
  /** Changes both delays; data already queued is then due at its arrival time plus the new delay. */
  setDelay(upMs: number, downMs: number): void;
  /** Holds every byte in both directions, connections staying open: a host that went silent. */
  pause(): void;
  /** Delivers what was held, in order, and lets data flow again. */
  resume(): void;
  /**
   * Holds every byte on the connections open now, both ways, without closing them, while connections made later
   * flow: a path that went dead under its existing connections (a NAT or firewall that forgot them).
   */
  freezeConnections(): void;
  /** Lets the frozen connections flow again, delivering what they held, in order. */
  thawConnections(): void;
  /** Resets every live connection but keeps listening: a network blip, or a proxy restarting. */
  dropConnections(): void;
  /** Stops listening and destroys every live connection. */
  close(): Promise<void>;
}

const DEFAULT_HIGH_WATER = 4 * 1024 * 1024;
const DEFAULT_LOW_WATER = 1 * 1024 * 1024;

/** What a direction needs from its proxy: the current delay and whether delivery is held. */
interface DelaySource {
  delayMs(): number;
  isPaused(): boolean;
  highWaterBytes: number;
  lowWaterBytes: number;
}

type Queued = { kind: 'data'; chunk: Buffer; receivedAt: number } | { kind: 'end'; receivedAt: number };

/** Bytes flowing one way through one connection: from `source`, delayed, into `destination`. */
class Direction {
  // Delivered slots are cleared to undefined and compacted away in batches.
  private readonly queue: (Queued | undefined)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  /** True while `destination` asked us to wait for 'drain'. */
  private blocked = false;
  /** True while we stopped reading `source` because the queue is over the high-water mark. */
  private sourcePaused = false;
  private finished = false;
  /** The source closed after its end: once that end is delivered, nothing can flow back, so close fully. */
  private sourceClosed = false;
  queuedBytes = 0;

  constructor(
    private readonly source: net.Socket,
    private readonly destination: net.Socket,
    private readonly settings: DelaySource,
    private readonly onBytesChanged: (delta: number) => void,
  ) {
    source.on('data', (chunk: Buffer) => this.push({ kind: 'data', chunk, receivedAt: performance.now() }));
    // With allowHalfOpen, 'end' means the peer finished sending; pass that on only after its data.
    source.on('end', () => this.push({ kind: 'end', receivedAt: performance.now() }));
    destination.on('drain', () => {
      this.blocked = false;
      this.schedule();
    });
  }

  private push(item: Queued): void {
    if (this.finished) return;
    this.queue.push(item);
    if (item.kind === 'data') {
      this.queuedBytes += item.chunk.length;
      this.onBytesChanged(item.chunk.length);
      if (!this.sourcePaused && this.queuedBytes > this.settings.highWaterBytes) {
        this.sourcePaused = true;
        this.source.pause();
      }
    }
    // Only a push onto an empty queue changes the head, so only then does the timer need setting.
    if (this.queue.length - this.head === 1) this.schedule();
  }

  /** (Re)arms the single timer for the head of the queue, or delivers at once if it is due. */
  schedule(): void {
    this.clearTimer();
    if (this.finished || this.blocked || this.settings.isPaused()) return;
    const next = this.queue[this.head];
    if (!next) return;
    const wait = next.receivedAt + this.settings.delayMs() - performance.now();
    if (wait <= 0) {
      this.deliverDue();
      return;
    }
    // Rounded up so a timer never fires before the chunk is due.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliverDue();
    }, Math.ceil(wait));
  }

  private deliverDue(): void {
    const delay = this.settings.delayMs();
    const now = performance.now();
    let delivered = 0;
    while (!this.finished && !this.blocked && !this.settings.isPaused()) {
      const item = this.queue[this.head];
      if (!item || item.receivedAt + delay > now) break;
      this.queue[this.head] = undefined;
      this.head++;
      if (item.kind === 'end') {
        this.finished = true;
        if (this.sourceClosed) this.destination.destroySoon();
        else this.destination.end();
        break;
      }
      delivered += item.chunk.length;
      // Respect the destination's own backpressure; the queue grows meanwhile and pauses the source.
      if (!this.destination.write(item.chunk)) this.blocked = true;
    }
    this.compact();
    if (delivered > 0) {
      this.queuedBytes -= delivered;
      this.onBytesChanged(-delivered);
      if (this.sourcePaused && this.queuedBytes < this.settings.lowWaterBytes) {
        this.sourcePaused = false;
        this.source.resume();
      }
    }
    this.schedule();
  }

  /** Drops delivered slots now and then, so shifting is amortised O(1) rather than O(n) per chunk. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Called when the source closed after ending cleanly. */
  sourceWentAway(): void {
    if (this.sourceClosed) return;
    this.sourceClosed = true;
    if (this.finished) this.destination.destroySoon();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    this.clearTimer();
    this.finished = true;
    if (this.queuedBytes > 0) this.onBytesChanged(-this.queuedBytes);
    this.queuedBytes = 0;
    this.queue.length = 0;
    this.head = 0;
  }
}

/** One client connection and its connection to the target. */
class Connection {
  private readonly up: Direction;
  private readonly down: Direction;
  private closed = false;
  /** Held by freezeConnections(), on top of the proxy-wide pause. */
  frozen = false;

  constructor(
    readonly client: net.Socket,
    readonly upstream: net.Socket,
    up: DelaySource,
    down: DelaySource,
    onBytesChanged: (delta: number) => void,
    private readonly onClosed: (connection: Connection) => void,
  ) {
    const held = (settings: DelaySource): DelaySource => ({ ...settings, isPaused: () => settings.isPaused() || this.frozen });
    this.up = new Direction(client, upstream, held(up), onBytesChanged);
    this.down = new Direction(upstream, client, held(down), onBytesChanged);
    // An error on either side ends both: there is no sensible way to carry on with half a pair.
    for (const [socket, from] of [
      [client, this.up],
      [upstream, this.down],
    ] as const) {
      socket.on('error', () => this.destroy());
      socket.on('close', () => {
        if (client.destroyed && upstream.destroyed) this.destroy();
        // A side that closed abruptly (no 'end' first) takes its partner with it at once.
        else if (!socket.readableEnded) this.destroy();
        // A side that ended and then closed: its partner gets the pending data and the end, then closes.
        else from.sourceWentAway();
      });
    }
  }

  reschedule(): void {
    this.up.schedule();
    this.down.schedule();
  }

  /** Ends both sides with a reset, so each peer learns at once that the other is gone (as with a real RST). */
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.up.dispose();
    this.down.dispose();
    for (const socket of [this.client, this.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
    this.onClosed(this);
  }
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const { target, listenHost = '127.0.0.1', listenPort = 0 } = options;
  let upMs = checkDelay(options.upMs);
  let downMs = checkDelay(options.downMs);
  let paused = false;
  let accepted = 0;
  let buffered = 0;
  const highWaterBytes = options.highWaterBytes ?? DEFAULT_HIGH_WATER;
  const lowWaterBytes = options.lowWaterBytes ?? DEFAULT_LOW_WATER;
  const connections = new Set<Connection>();

  const isPaused = () => paused;
  const up: DelaySource = { delayMs: () => upMs, isPaused, highWaterBytes, lowWaterBytes };
  const down: DelaySource = { delayMs: () => downMs, isPaused, highWaterBytes, lowWaterBytes };
  const onBytesChanged = (delta: number) => {
    buffered += delta;
  };

  // allowHalfOpen on both sides so one side's FIN is forwarded as a FIN, not turned into a full close.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    accepted++;
    const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
    const connection = new Connection(client, upstream, up, down, onBytesChanged, (c) => connections.delete(c));
    connections.add(connection);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('delay proxy: the server has no TCP address');

  return {
    host: listenHost,
    port: address.port,
    get connectionsAccepted() {
      return accepted;
    },

    get bufferedBytes() {
      return buffered;
    },
    setDelay(nextUpMs, nextDownMs) {
      upMs = checkDelay(nextUpMs);
      downMs = checkDelay(nextDownMs);
      for (const connection of connections) connection.reschedule();
    },
    pause() {
      paused = true;
      for (const connection of connections) connection.reschedule();
    },
    resume() {
      paused = false;
      for (const connection of connections) connection.reschedule();
    },
    freezeConnections() {
      for (const connection of connections) {
        connection.frozen = true;
        connection.reschedule();
      }
    },
    thawConnections() {
      for (const connection of connections) {
        connection.frozen = false;
        connection.reschedule();
      }
    },
    dropConnections() {
      for (const connection of [...connections]) connection.destroy();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of [...connections]) connection.destroy();
      });
    },
  };
}

function checkDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`delay proxy: a delay must be a finite number of milliseconds ≥ 0, got ${ms}`);
  return ms;
}
