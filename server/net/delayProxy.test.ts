// The delay proxy over real loopback sockets: exact bytes, the delay, pause/resume, bounded memory, closing.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayProxy, type DelayProxy, type DelayProxyOptions } from './delayProxy.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A target server on a free loopback port; `onSocket` gets each connection the proxy opens to it. */
async function startTarget(onSocket: (socket: net.Socket) => void): Promise<{ port: number; sockets: net.Socket[] }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as net.AddressInfo).port, sockets };
}

async function proxyTo(port: number, options: Partial<DelayProxyOptions> = {}): Promise<DelayProxy> {
  const proxy = await startDelayProxy({ target: { host: '127.0.0.1', port }, upMs: 0, downMs: 0, ...options });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function connect(proxy: DelayProxy): Promise<net.Socket> {
  const socket = net.connect({ host: proxy.host, port: proxy.port, allowHalfOpen: true });
  cleanups.push(() => socket.destroy());
  // The proxy passes failures on as resets; tests look at what arrived and whether the socket closed.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}

/** Everything a socket reads until the peer ends (or the socket closes). */
function readAll(socket: net.Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Resolves with the first `length` bytes a socket reads. */
function readBytes(socket: net.Socket, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= length) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks).subarray(0, length));
      }
    };
    socket.on('data', onData);
  });
}

/** A loopback port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const echo = (socket: net.Socket) => socket.pipe(socket);
const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('startDelayProxy', () => {
  it('carries a large random payload both ways at once, every byte in order', async () => {
    const upPayload = randomBytes(6 * 1024 * 1024 + 17);
    const downPayload = randomBytes(5 * 1024 * 1024 + 3);
    let targetReceived!: Promise<Buffer>;
    const target = await startTarget((socket) => {
      targetReceived = readAll(socket);
      socket.end(downPayload);
    });
    const proxy = await proxyTo(target.port, { upMs: 2, downMs: 3 });
    const client = await connect(proxy);
    const clientReceived = readAll(client);
    client.end(upPayload);

    expect(sha256(await clientReceived)).toBe(sha256(downPayload));
    expect(sha256(await targetReceived)).toBe(sha256(upPayload));
  });

  it('delays each direction by its own amount, so a round trip takes at least up + down', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port, { upMs: 40, downMs: 60 });
    const client = await connect(proxy);

    const started = performance.now();
    const reply = readBytes(client, 4);
    client.write('ping');
    expect((await reply).toString()).toBe('ping');
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('applies a changed delay to the next round trip', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port);
    const client = await connect(proxy);
    proxy.setDelay(70, 50);

    const started = performance.now();
    const reply = readBytes(client, 2);
    client.write('hi');
    await reply;
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
    expect(() => proxy.setDelay(-1, 0)).toThrow(RangeError);
  });

  it('holds bytes in both directions while paused, and delivers them in order on resume', async () => {
    const targetGot: Buffer[] = [];
    const target = await startTarget((socket) => socket.on('data', (chunk: Buffer) => targetGot.push(chunk)));
    const proxy = await proxyTo(target.port);
    const client = await connect(proxy);
    const clientGot: Buffer[] = [];
    client.on('data', (chunk: Buffer) => clientGot.push(chunk));
    await expect.poll(() => target.sockets.length).toBe(1);
    const targetSocket = target.sockets[0]!;

    proxy.pause();
    client.write('up-1 ');
    client.write('up-2');
    targetSocket.write('down-1 ');
    targetSocket.write('down-2');
    await sleep(150);
    expect(Buffer.concat(targetGot).toString()).toBe('');
    expect(Buffer.concat(clientGot).toString()).toBe('');
    expect(proxy.bufferedBytes).toBe(22);
    expect(client.destroyed || targetSocket.destroyed).toBe(false);

    proxy.resume();
    await expect.poll(() => Buffer.concat(targetGot).toString()).toBe('up-1 up-2');
    await expect.poll(() => Buffer.concat(clientGot).toString()).toBe('down-1 down-2');
    expect(proxy.bufferedBytes).toBe(0);
  });

  it('freezes the connections open now, both ways, while new ones flow; thawing delivers what was held', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port);
    const frozen = await connect(proxy);
    const frozenGot: Buffer[] = [];
    frozen.on('data', (chunk: Buffer) => frozenGot.push(chunk));
    proxy.freezeConnections();
    frozen.write('held');
    const fresh = await connect(proxy);
    fresh.write('flows');
    expect((await readBytes(fresh, 5)).toString()).toBe('flows');
    // The fresh connection's echo came back through the same proxy; the frozen one's has not even gone out.
    await expect.poll(() => proxy.bufferedBytes).toBe(4);
    expect(Buffer.concat(frozenGot).toString()).toBe('');
    expect(frozen.destroyed).toBe(false);
    proxy.thawConnections();
    await expect.poll(() => Buffer.concat(frozenGot).toString()).toBe('held');
  });

  it('stops reading a source whose queue is over the high-water mark, and loses nothing', async () => {
    const payload = randomBytes(16 * 1024 * 1024);
    let targetReceived!: Promise<Buffer>;
    const target = await startTarget((socket) => (targetReceived = readAll(socket)));
    const highWaterBytes = 256 * 1024;
    const proxy = await proxyTo(target.port, { highWaterBytes, lowWaterBytes: 64 * 1024 });
    const client = await connect(proxy);

    proxy.pause();
    client.end(payload);
    await expect.poll(() => proxy.bufferedBytes).toBeGreaterThan(highWaterBytes);
    await sleep(100);
    // Over the mark by at most what one read can bring in; without the pause it would be megabytes.
    expect(proxy.bufferedBytes).toBeLessThanOrEqual(highWaterBytes + 128 * 1024);

    proxy.resume();
    expect(sha256(await targetReceived)).toBe(sha256(payload));
  });

  it('passes a half-close on after the data before it, and the other side can still answer', async () => {
    const target = await startTarget((socket) => {
      const request = readAll(socket);
      // Answer only once the client has finished sending: this needs the half-open connection.
      void request.then((data) => socket.end(`got ${data.length} bytes`));
    });
    const proxy = await proxyTo(target.port, { upMs: 20, downMs: 20 });
    const client = await connect(proxy);
    const answer = readAll(client);
    client.end('hello');
    expect((await answer).toString()).toBe('got 5 bytes');
    await closed(client);
  });

  it('closes the client when the target resets or refuses, and keeps serving others', async () => {
    const resetting = await startTarget((socket) => socket.resetAndDestroy());
    const proxy = await proxyTo(resetting.port);
    const client = await connect(proxy);
    await closed(client);

    const refusing = await proxyTo(await closedPort());
    const orphan = await connect(refusing);
    await closed(orphan);

    const target = await startTarget(echo);
    const working = await proxyTo(target.port);
    const alive = await connect(working);
    const reply = readBytes(alive, 2);
    alive.write('ok');
    expect((await reply).toString()).toBe('ok');
  });

  it('counts accepted connections', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port);
    expect(proxy.connectionsAccepted).toBe(0);
    await Promise.all([connect(proxy), connect(proxy), connect(proxy)]);
    await expect.poll(() => proxy.connectionsAccepted).toBe(3);
  });

  it('close() stops listening and ends live connections', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port, { upMs: 10, downMs: 10 });
    const client = await connect(proxy);
    client.write('pending');
    await proxy.close();
    await closed(client);

    const refused = net.connect({ host: proxy.host, port: proxy.port });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => refused.once('error', resolve));
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('dropConnections() ends live connections but keeps accepting new ones', async () => {
    const target = await startTarget(echo);
    const proxy = await proxyTo(target.port);
    const first = await connect(proxy);
    proxy.dropConnections();
    await closed(first);
    const second = await connect(proxy);
    second.write('still here');
    const answer = await new Promise<string>((resolve) => second.once('data', (data) => resolve(data.toString())));
    expect(answer).toBe('still here');
    second.destroy();
  });
});
