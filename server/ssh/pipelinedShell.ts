// Opens SSH session channels and starts shells on them with the pty and shell requests sent back to back, through ssh2's internals.
import { createRequire } from 'node:module';
import type { Client, ClientChannel } from 'ssh2';

/**
 * ssh2's `client.shell()` waits for the host's answer to `pty-req` before it sends `shell`: one round trip more
 * than OpenSSH, which sends both at once (RFC 4254 answers a channel's requests in order, so nothing is lost by
 * not waiting). On a 250 ms link that round trip is a quarter of a second on every tab. ssh2 has no public call
 * for a bare channel or for pipelined requests, so this module does what ssh2's own `openChannel`, `reqPty` and
 * `reqShell` do, in one place. `pipelinedShellSupported` checks the internals it needs, and the caller falls back
 * to `client.shell()` when an ssh2 upgrade changes them; test/integration/openingTabs.test.ts counts the round
 * trips, so it fails if the slow path is taken.
 */

const require = createRequire(import.meta.url);
// The window and packet size ssh2 gives every channel it opens itself, so ours behave the same.
const { MAX_WINDOW, PACKET_SIZE } = require('ssh2/lib/Channel.js') as { MAX_WINDOW: number; PACKET_SIZE: number };

interface Ssh2Protocol {
  session(channel: number, window: number, packetSize: number): void;
  env(channel: number, key: string, value: string, wantReply: boolean): void;
  pty(channel: number, rows: number, cols: number, height: number, width: number, term: string, modes: null, wantReply: boolean): void;
  shell(channel: number, wantReply: boolean): void;
  exec(channel: number, command: string, wantReply: boolean): void;
}

interface Ssh2ClientInternals {
  _protocol?: Ssh2Protocol;
  _chanMgr?: { add(opened: OpenedCallback): number };
}

/** What ssh2 keeps on a channel to pair requests with replies. */
interface Ssh2ChannelInternals {
  outgoing: { id: number; state: string };
  _callbacks: Array<(failed: boolean | Error) => void>;
  subtype?: string;
}

type OpenedCallback = ((error: Error | undefined, channel?: ClientChannel) => void) & { type?: string };

export interface PtyRequest {
  cols: number;
  rows: number;
  term: string;
  /** Sent as `env` requests without a reply, as ssh2 and OpenSSH do; hosts apply what AcceptEnv allows. */
  env?: Record<string, string>;
}

function internalsOf(client: Client): Required<Ssh2ClientInternals> | undefined {
  const internals = client as unknown as Ssh2ClientInternals;
  const protocol = internals._protocol;
  const channels = internals._chanMgr;
  if (!protocol || !channels || typeof channels.add !== 'function') return undefined;
  for (const method of ['session', 'env', 'pty', 'shell', 'exec'] as const) if (typeof protocol[method] !== 'function') return undefined;
  if (typeof MAX_WINDOW !== 'number' || typeof PACKET_SIZE !== 'number') return undefined;
  return { _protocol: protocol, _chanMgr: channels };
}

/** Whether this ssh2 still has the internals this module uses. */
export function pipelinedShellSupported(client: Client): boolean {
  return internalsOf(client) !== undefined;
}

/** Open a `session` channel and nothing else: one round trip. Rejects as ssh2 does when the host refuses it. */
export function openSessionChannel(client: Client): Promise<ClientChannel> {
  const internals = internalsOf(client);
  if (!internals) return Promise.reject(new Error('this version of ssh2 cannot open a bare session channel'));
  return new Promise((resolve, reject) => {
    const opened: OpenedCallback = (error, channel) => (error || !channel ? reject(error ?? new Error('no channel')) : resolve(channel));
    // ssh2 builds the channel object from this tag when the host confirms.
    opened.type = 'session';
    const id = internals._chanMgr.add(opened);
    if (id === -1) return reject(new Error('No free channels available'));
    internals._protocol.session(id, MAX_WINDOW, PACKET_SIZE);
  });
}

/** Whether a channel is still open (the host may close one that waits unused). */
export function isChannelOpen(channel: ClientChannel): boolean {
  return (channel as unknown as Ssh2ChannelInternals).outgoing?.state === 'open';
}

/**
 * Ask for a pty and a shell on an open session channel, both at once: one round trip. Resolves with the same
 * channel once the host has started the shell; rejects (and closes the channel) if it refuses either.
 */
export function startShell(client: Client, channel: ClientChannel, pty: PtyRequest): Promise<ClientChannel> {
  const internals = internalsOf(client);
  const chan = channel as unknown as Ssh2ChannelInternals;
  if (!internals) return Promise.reject(new Error('this version of ssh2 cannot pipeline shell requests'));
  if (!isChannelOpen(channel)) return Promise.reject(new Error('Channel is not open'));
  const protocol = internals._protocol;
  const id = chan.outgoing.id;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      channel.close();
      reject(error);
    };
    for (const [key, value] of Object.entries(pty.env ?? {})) protocol.env(id, key, value, false);
    chan._callbacks.push((refused) => {
      if (refused) fail(refused instanceof Error ? refused : new Error('Unable to request a pseudo-terminal'));
    });
    protocol.pty(id, pty.rows, pty.cols, 0, 0, pty.term, null, true);
    chan._callbacks.push((refused) => {
      if (refused) return fail(refused instanceof Error ? refused : new Error('Unable to open shell'));
      if (failed) return;
      chan.subtype = 'shell';
      resolve(channel);
    });
    protocol.shell(id, true);
  });
}

/**
 * Run a command on an open session channel (env requests, then `exec`, sent together): one round trip, and none
 * for the channel when it was opened ahead. Resolves with the same channel once the host has started the command.
 */
export function startExec(client: Client, channel: ClientChannel, command: string, env: Record<string, string> = {}): Promise<ClientChannel> {
  const internals = internalsOf(client);
  const chan = channel as unknown as Ssh2ChannelInternals;
  if (!internals) return Promise.reject(new Error('this version of ssh2 cannot pipeline exec requests'));
  if (!isChannelOpen(channel)) return Promise.reject(new Error('Channel is not open'));
  const protocol = internals._protocol;
  const id = chan.outgoing.id;
  return new Promise((resolve, reject) => {
    for (const [key, value] of Object.entries(env)) protocol.env(id, key, value, false);
    chan._callbacks.push((refused) => {
      if (refused) {
        channel.close();
        return reject(refused instanceof Error ? refused : new Error('Unable to exec'));
      }
      chan.subtype = 'exec';
      resolve(channel);
    });
    protocol.exec(id, command, true);
  });
}
