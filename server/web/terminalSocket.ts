// One WebSocket from one tab: the hello, connecting (with host-key and secret questions), then bytes both ways.
import type { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FrameType, MAX_FRAME_PAYLOAD_BYTES } from '../../shared/frames.js';
import {
  assertNever,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ErrorCode,
  type ServerMessage,
} from '../../shared/protocol.js';
import { parseClientMessage } from '../../shared/validate.js';
import { ConnectError, type ConnectUi, type HostKeyQuestion } from '../session/connectTarget.js';
import type { SavedShellSettings } from '../session/savedRoute.js';
import { ConnectTimeline, type TimelineStep } from '../session/connectTimeline.js';
import type { ShellSession } from '../session/shellSession.js';
import type { SecretRequest } from '../ssh/authenticator.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** What a tab's socket needs of the session manager. */
export interface SocketSessions {
  /** Connect and open a shell; the session reports to the ui while it connects. */
  open(target: string, size: { cols: number; rows: number }, ui: ConnectUi, saved?: SavedShellSettings & { id: string }): Promise<ShellSession>;
  get(sessionId: string): ShellSession | undefined;
  /** No tab shows the session any more: keep it for the grace period. */
  keepDetached(session: ShellSession): void;
  reattached(session: ShellSession): void;
}

export interface TerminalSocketDeps {
  sessions: SocketSessions;
  /** A saved session's route and shell settings, or undefined when there is no such saved session. */
  savedSession?: (savedSessionId: string) => SavedShellSettings | undefined;
  log: Logger;
}

type Phase = 'hello' | 'idle' | 'connecting' | 'ready' | 'closed';

/** Attach a tab's WebSocket. Listeners are attached synchronously, before anything is awaited. */
export function handleTerminalSocket(socket: WebSocket, deps: TerminalSocketDeps): void {
  let phase: Phase = 'hello';
  let session: ShellSession | undefined;
  let size = { cols: 80, rows: 24 };
  let pendingHostKey: ((trust: boolean) => void) | undefined;
  const pendingPrompts = new Map<number, (answers: string[] | null) => void>();
  let nextPromptId = 1;
  let timeline: ConnectTimeline | undefined;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const complain = (code: ErrorCode, message: string) => send({ type: 'error', code, message });

  const viewer = {
    output(offset: number, bytes: Uint8Array) {
      if (timeline) {
        // The first byte completes the story of how connecting went: tell the page, and the log.
        timeline.mark('first-byte');
        send({ type: 'timeline', steps: timeline.steps });
        deps.log.info({ timeline: timeline.toString() }, 'connection timeline');
        timeline = undefined;
      }
      if (socket.readyState !== socket.OPEN) return;
      for (let start = 0; start < bytes.byteLength; start += MAX_FRAME_PAYLOAD_BYTES) {
        const part = bytes.subarray(start, start + MAX_FRAME_PAYLOAD_BYTES);
        socket.send(encodeFrame(FrameType.Output, offset + start, part), { binary: true });
      }
    },
    ended(reason: Parameters<typeof endWith>[0], message: string, exitCode?: number) {
      endWith(reason, message, exitCode);
    },
    hostRtt(ms: number) {
      send({ type: 'host-rtt', rttMs: Math.round(ms * 10) / 10 });
    },
    hostSilence(silentForMs: number | null) {
      send({ type: 'host-silence', silentForMs: silentForMs === null ? null : Math.round(silentForMs) });
    },
    reconnecting(attempt: number | null) {
      send({ type: 'reconnecting', attempt });
    },
    timeline(steps: readonly TimelineStep[]) {
      send({ type: 'timeline', steps: [...steps] });
    },
  };

  function endWith(reason: Extract<ServerMessage, { type: 'closed' }>['reason'], message: string, exitCode?: number) {
    if (phase === 'closed') return;
    phase = 'closed';
    send(exitCode === undefined ? { type: 'closed', reason, message } : { type: 'closed', reason, message, exitCode });
  }

  const ui: ConnectUi = {
    mark: (step, detail) => timeline?.mark(step, detail),
    note: (sentence) => {
      if (phase === 'connecting') send({ type: 'status', phase: 'opening-shell', note: sentence });
    },
    phase: (connectPhase, detail) => {
      if (phase === 'connecting') send(detail ? { type: 'status', phase: connectPhase, detail } : { type: 'status', phase: connectPhase });
    },
    waitingForLogin: (sentence, asking) => {
      if (phase === 'connecting') send({ type: 'status', phase: 'connecting', detail: sentence, waitingFor: asking ?? 'login' });
    },
    askHostKey: (question: HostKeyQuestion) =>
      new Promise<boolean>((resolve) => {
        if (phase !== 'connecting') return resolve(false);
        pendingHostKey = resolve;
        send({ type: 'host-key', ...question });
      }),
    askSecrets: (request: SecretRequest) =>
      new Promise<string[] | null>((resolve) => {
        if (phase !== 'connecting') return resolve(null);
        const id = nextPromptId++;
        pendingPrompts.set(id, resolve);
        send({ type: 'prompt', id, ...request });
      }),
  };

  async function open(target: string, savedSessionId?: string) {
    phase = 'connecting';
    timeline = new ConnectTimeline();
    let saved: (SavedShellSettings & { id: string }) | undefined;
    if (savedSessionId !== undefined) {
      const settings = deps.savedSession?.(savedSessionId);
      if (!settings) return endWith('bad-target', 'That saved session no longer exists; it may have been deleted in another window.');
      saved = { id: savedSessionId, ...settings };
    }
    deps.log.info({ target }, 'connecting');
    try {
      const opened = await deps.sessions.open(target, size, ui, saved);
      if (phase !== 'connecting') {
        // The tab went away while we connected: keep the shell, as for any tab that lets go.
        deps.sessions.keepDetached(opened);
        return;
      }
      session = opened;
      phase = 'ready';
      send({ type: 'ready', sessionId: opened.id, title: opened.target.label, ...(opened.durable ? { hostAnswers: true } : {}) });
      opened.attach(viewer, opened.attachPoint(0));
      deps.log.info({ target, session: opened.id }, 'shell ready');
    } catch (error) {
      if (error instanceof ConnectError) {
        deps.log.info({ target, reason: error.reason }, error.message);
        endWith(error.reason, error.message);
      } else {
        deps.log.warn({ target, err: (error as Error).message }, 'connect failed unexpectedly');
        endWith('error', `Could not open a shell on ${target}: ${(error as Error).message}.`);
      }
    }
  }

  function onControl(message: ClientMessage) {
    switch (message.type) {
      case 'hello':
        if (phase !== 'hello') return complain('unexpected', 'hello was already received');
        if (message.version !== PROTOCOL_VERSION) {
          complain('version-mismatch', `This page speaks protocol ${message.version} but longhaul speaks ${PROTOCOL_VERSION}. Reload the page.`);
          socket.close(4000, 'protocol version mismatch');
          return;
        }
        phase = 'idle';
        return send({ type: 'welcome', version: PROTOCOL_VERSION });
      case 'open':
        if (phase !== 'idle') return complain(phase === 'hello' ? 'not-ready' : 'unexpected', 'open is only accepted once, after hello');
        size = { cols: message.cols, rows: message.rows };
        void open(message.target, message.savedSessionId);
        return;
      case 'attach': {
        if (phase !== 'idle') return complain(phase === 'hello' ? 'not-ready' : 'unexpected', 'attach is only accepted once, after hello');
        const found = deps.sessions.get(message.sessionId);
        if (!found || found.isEnded) {
          return endWith('gone', 'That session has ended (or longhaul was restarted since); it can be reopened from history with a new shell.');
        }
        session = found;
        phase = 'ready';
        deps.sessions.reattached(found);
        const point = found.attachPoint(message.offset);
        // Say where output resumes before any of it is sent.
        send({ type: 'attached', sessionId: found.id, title: found.target.label, ...point, inputOffset: found.inputOffset, ...(found.durable ? { hostAnswers: true } : {}) });
        found.attach(viewer, point);
        found.resize(message.cols, message.rows);
        deps.log.info({ session: found.id, offset: point.offset, replay: point.replay }, 'tab attached');
        return;
      }
      case 'detach':
        if (session) {
          session.detach(viewer);
          deps.sessions.keepDetached(session);
          session = undefined;
        }
        endWith('user', 'The tab was closed; its shell keeps running for a while.');
        return;
      case 'host-key-answer': {
        if (!pendingHostKey) return complain('unexpected', 'no host key question is open');
        const answer = pendingHostKey;
        pendingHostKey = undefined;
        return answer(message.trust);
      }
      case 'prompt-answer': {
        const answer = pendingPrompts.get(message.id);
        if (!answer) return complain('unexpected', `no prompt ${message.id} is open`);
        pendingPrompts.delete(message.id);
        return answer(message.answers);
      }
      case 'resize':
        size = { cols: message.cols, rows: message.rows };
        session?.resize(message.cols, message.rows);
        return;
      case 'ack':
        session?.acknowledge(message.offset);
        return;
      case 'ping':
        return send({ type: 'pong', id: message.id });
      case 'close':
        if (session) session.close();
        else endWith('user', 'Closed.');
        return;
      default:
        assertNever(message);
    }
  }

  function onInput(data: Uint8Array) {
    const decoded = decodeFrame(data);
    if (!decoded.ok) return complain('bad-message', decoded.error);
    const { frame } = decoded;
    if (frame.type !== FrameType.Input) return complain('bad-message', 'the page may only send input frames');
    if (phase !== 'ready' || !session) return complain('not-ready', 'keystrokes arrived before the shell was ready');
    const verdict = session.input(frame.offset, frame.payload);
    if (verdict.kind === 'gap') return complain('bad-message', `input skipped ${verdict.missing} bytes; they were lost`);
    // Not acknowledged: the page hears why instead. The next acknowledgement covers these bytes too, as the bridge
    // is done with them (they will never be written), so the page stops holding them for a resume.
    if (verdict.kind === 'refused') return complain('too-large', verdict.message);
    send({ type: 'input-ack', offset: session.inputOffset });
  }

  socket.on('message', (data, isBinary) => {
    try {
      if (isBinary) onInput(toBytes(data));
      else onControl(parsedOrComplain(data.toString()));
    } catch (error) {
      if (error instanceof RejectedMessage) return;
      // Never let one bad message take the bridge down; say what happened and go on.
      deps.log.warn({ err: (error as Error).message }, 'error handling a message');
      complain('unexpected', 'longhaul could not handle that message');
    }
  });

  function parsedOrComplain(text: string): ClientMessage {
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      complain(parsed.code, parsed.error);
      throw new RejectedMessage();
    }
    return parsed.message;
  }

  socket.on('close', () => {
    const wasConnecting = phase === 'connecting';
    phase = 'closed';
    // Unblock a connect that waits for the user; it then fails and cleans up.
    pendingHostKey?.(false);
    pendingHostKey = undefined;
    for (const answer of pendingPrompts.values()) answer(null);
    pendingPrompts.clear();
    if (session) {
      // A dropped connection, a closed laptop, a reload: the shell keeps running and the tab can come back.
      session.detach(viewer);
      deps.sessions.keepDetached(session);
    }
    if (wasConnecting) deps.log.info({}, 'tab closed while connecting');
  });
  socket.on('error', (error) => deps.log.warn({ err: error.message }, 'websocket error'));
}

class RejectedMessage extends Error {}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
