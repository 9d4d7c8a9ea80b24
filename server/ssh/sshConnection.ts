// The one place that talks to ssh2: connect over a given stream, open shells and tunnels, close. Everything else sees this small API.
import type { Duplex } from 'node:stream';
import { Client, type AuthHandlerMiddleware, type ClientChannel, type SFTPWrapper } from 'ssh2';
import { isChannelOpen, openSessionChannel, pipelinedShellSupported, startExec, startShell } from './pipelinedShell.js';
import { widenReceiveWindow } from './sftpReceiveWindow.js';

export interface ConnectOptions {
  /** An already connected stream to the host (TCP socket, delay proxy, or a ProxyJump tunnel). */
  stream: Duplex;
  username: string;
  /** Checked during key exchange, before any credential is sent; resolve false to refuse. */
  verifyHostKey: (keyBlob: Buffer) => Promise<boolean>;
  authHandler: AuthHandlerMiddleware;
  hostKeyAlgorithms: string[];
  /** MACs to offer; ssh2's own default list would include hmac-sha1. */
  macAlgorithms: string[];
  /** How long the whole handshake and authentication may take; generous, as people type passwords. */
  readyTimeoutMs: number;
  onHandshakeDone?: () => void;
}

export interface ShellOptions {
  cols: number;
  rows: number;
  term: string;
  /** Sent as `env` requests; hosts apply the ones their AcceptEnv allows (Debian's: LANG LC_*). */
  env?: Record<string, string>;
}

/**
 * What a session reads a shell through: its output (`data`; a pty shell's `stderr` too), its exit status, its end
 * (`close`), input the host has not taken yet, and pausing its output. An ssh2 channel is one; a pane in tmux is
 * another.
 */
export interface ShellStream {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal?: string) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  readonly stderr: { on(event: 'data', listener: (chunk: Buffer) => void): unknown };
  readonly writableLength: number;
  pause(): unknown;
  resume(): unknown;
}

/** A shell: bytes in and out, resize, and its end. */
export interface ShellChannel {
  readonly stream: ShellStream;
  write(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** End it; a shell that must still tell the host (kill a tmux session) resolves once it has, or given up. */
  close(): void | Promise<void>;
  /**
   * The SSH connection under it closed. A shell on a pty ends with it (absent or false); a shell that outlives its
   * connection (a pane in tmux on the host) returns true and carries on.
   */
  connectionLost?(error?: Error): boolean;
  /**
   * longhaul is stopping: let go of the shell without ending it, if it outlives longhaul (a tmux session, which the
   * next run takes back). Returns false for a shell that ends with longhaul.
   */
  leaveRunning?(): boolean;
  /** A shell that outlives its connection tells each try to get back to it (1, 2, …), and null once it is back. */
  onReconnecting?(listener: (attempt: number | null) => void): void;
  /** Where it runs on the host, for a shell that outlives longhaul (a tmux session): kept in the store. */
  readonly durableRef?: { socket: string; sessionName: string };
  /** The folder the shell is in, when the host can say (tmux knows its pane's); undefined when it cannot. */
  currentFolder?(): Promise<string | undefined>;
}

/** How a command ended: its exit status, or the signal that ended it. */
export interface CommandExit {
  code: number | null;
  signal?: string;
}

/** A command's channel (stdout is its data, stderr its `stderr`) and its end; `exit` is undefined if the host never said. */
export interface CommandChannel {
  channel: ClientChannel;
  exit: Promise<CommandExit | undefined>;
}

export class SshConnection {
  private closed = false;
  /** A session channel opened ahead of the next tab (see prepareChannel). */
  private spare: Promise<ClientChannel> | undefined;
  private spareOpen = false;
  private spareRefused = false;
  private readonly closeListeners = new Set<(error?: Error) => void>();

  private constructor(private readonly client: Client) {
    let lastError: Error | undefined;
    client.on('error', (error) => {
      lastError = error;
    });
    client.on('close', () => {
      this.closed = true;
      for (const listener of this.closeListeners) listener(lastError);
      this.closeListeners.clear();
    });
  }

  /** Handshake, verify the host key, authenticate. Rejects with ssh2's error (its `level` says which stage failed). */
  static connect(options: ConnectOptions): Promise<SshConnection> {
    const client = new Client();
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(error);
      };
      client.once('ready', () => {
        settled = true;
        resolve(new SshConnection(client));
      });
      client.on('error', fail);
      client.once('close', () => fail(Object.assign(new Error('Connection closed during the handshake'), { level: 'client-socket' })));
      client.connect({
        sock: options.stream as never,
        username: options.username,
        readyTimeout: options.readyTimeoutMs,
        // Silent hosts are kept (links to far hosts come back); liveness is measured elsewhere.
        keepaliveInterval: 0,
        algorithms: { serverHostKey: options.hostKeyAlgorithms as never, hmac: options.macAlgorithms as never },
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          options.verifyHostKey(key).then(
            (ok) => {
              if (ok) options.onHandshakeDone?.();
              verify(ok);
            },
            () => verify(false),
          );
        },
        authHandler: options.authHandler,
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(listener: (error?: Error) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener());
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * A shell on a new channel of this connection. With a channel opened ahead (`prepareChannel`) it takes one
   * round trip (pty and shell requested together); without, two (the channel, then both requests).
   */
  async openShell(options: ShellOptions): Promise<ShellChannel> {
    const pty = { cols: options.cols, rows: options.rows, term: options.term, ...(options.env ? { env: options.env } : {}) };
    const stream = pipelinedShellSupported(this.client)
      ? await startShell(this.client, await this.takeChannel(), pty)
      : await this.unpipelinedShell(options);
    // A channel freed on a host that was full makes room for a spare again.
    stream.once('close', () => {
      this.spareRefused = false;
    });
    return {
      stream,
      write: (data) => void stream.write(data),
      resize: (cols, rows) => stream.setWindow(rows, cols, 0, 0),
      close: () => stream.close(),
    };
  }

  /**
   * Run a command on the host on a channel of its own, without a pty (`ssh host command`): its stdin, stdout and
   * stderr are the channel's. `env` goes as `env` requests, as for a shell. On a channel opened ahead when there
   * is one (a durable tab's tmux client is an exec, and takes the place a shell would), so it costs one round trip
   * and no more channels than a shell. `useChannelAhead: false` leaves that channel to the next tab (a brief
   * command beside the tabs, which a host at its MaxSessions may refuse).
   */
  async exec(command: string, env?: Record<string, string>, { useChannelAhead = true } = {}): Promise<ClientChannel> {
    if (!useChannelAhead || !pipelinedShellSupported(this.client)) {
      const stream = await new Promise<ClientChannel>((resolve, reject) => {
        this.client.exec(command, env ? { env } : {}, (error, stream) => (error ? reject(error) : resolve(stream)));
      });
      // As for any channel of ours: once it is gone, the host has room for one ahead again.
      stream.once('close', () => {
        this.spareRefused = false;
      });
      return stream;
    }
    const stream = await startExec(this.client, await this.takeChannel(), command, env);
    stream.once('close', () => {
      this.spareRefused = false;
    });
    return stream;
  }

  /**
   * exec for a command whose exit status is wanted: the status is caught from the moment the channel exists, since
   * a quick command's output, status and close can all arrive in the same packet as the host's go-ahead.
   */
  execCommand(command: string, env?: Record<string, string>): Promise<CommandChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, env ? { env } : {}, (error, channel) => {
        if (error) return reject(error);
        const exit = new Promise<CommandExit | undefined>((settle) => {
          channel.once('exit', (code: number | null, signal?: string) => settle(typeof code === 'number' ? { code } : { code: null, ...(signal ? { signal } : {}) }));
          channel.once('close', () => settle(undefined));
        });
        resolve({ channel, exit });
      });
    });
  }

  /** An SFTP session on a channel of its own (file transfers beside the shells), with a receive window wide enough for a far host. */
  sftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) =>
      this.client.sftp((error, sftp) => {
        if (error) return reject(error);
        // (If ssh2's internals changed, downloads are only slower: its own window still works.)
        widenReceiveWindow(sftp);
        resolve(sftp);
      }),
    );
  }

  /** Whether a channel opened ahead is open and waiting for the next shell. */
  get hasSpareChannel(): boolean {
    return this.spareOpen;
  }

  /**
   * Open a session channel now for the next tab, so that tab skips the channel's round trip. At most one is
   * kept. A host that refuses it (MaxSessions) is not asked again on this connection: its channels are full.
   */
  prepareChannel(): void {
    if (this.closed || this.spare || this.spareRefused || !pipelinedShellSupported(this.client)) return;
    const pending = openSessionChannel(this.client).then(
      (channel) => {
        if (this.spare === pending) this.spareOpen = true;
        // The host may close an unused channel; the next shell then opens its own.
        channel.once('close', () => {
          if (this.spare !== pending) return;
          this.spare = undefined;
          this.spareOpen = false;
        });
        return channel;
      },
      (error: unknown) => {
        if (this.spare === pending) this.spare = undefined;
        this.spareRefused = true;
        throw error;
      },
    );
    pending.catch(() => {});
    this.spare = pending;
  }

  /** The channel opened ahead if there is one (and it is still open), else a new one. */
  private async takeChannel(): Promise<ClientChannel> {
    const spare = this.spare;
    this.spare = undefined;
    this.spareOpen = false;
    if (spare) {
      const channel = await spare.catch(() => undefined);
      if (channel && isChannelOpen(channel)) return channel;
    }
    return openSessionChannel(this.client);
  }

  /** ssh2's own way, should its internals ever change: channel, pty, shell, each after the last's answer. */
  private unpipelinedShell(options: ShellOptions): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.shell(
        { term: options.term, cols: options.cols, rows: options.rows, width: 0, height: 0 },
        options.env ? { env: options.env } : {},
        (error, stream) => (error ? reject(error) : resolve(stream)),
      );
    });
  }

  /**
   * Send one `keepalive@openssh.com` request with want-reply; resolves when the host answers (a success or a
   * failure reply both prove it is alive). ssh2 has no public call for this: its own keepalive pushes a
   * callback onto the client's reply queue and sends this exact request, so we do the same. The latency
   * integration test fails if an ssh2 upgrade changes that.
   */
  ping(): Promise<void> {
    const internals = this.client as unknown as {
      _callbacks?: Array<(failed: boolean) => void>;
      _protocol?: { ping(): void };
    };
    return new Promise((resolve, reject) => {
      if (this.closed || !Array.isArray(internals._callbacks) || typeof internals._protocol?.ping !== 'function') {
        return reject(new Error('the connection is closed'));
      }
      internals._callbacks.push(() => resolve());
      internals._protocol.ping();
    });
  }

  /** A tunnel to host:port through this connection (for ProxyJump). */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => (error ? reject(error) : resolve(stream)));
    });
  }

  close(): void {
    this.client.end();
  }
}
