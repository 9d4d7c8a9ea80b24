// Every control message between the page and the bridge, typed once, with the schemas that validate them.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Bumped whenever a message changes shape; the bridge refuses a page speaking another version. */
export const PROTOCOL_VERSION = 2;

/** Largest control (JSON) message either side accepts, in bytes. */
export const MAX_CONTROL_MESSAGE_BYTES = 64 * 1024;
/** Largest binary frame (header + payload) either side accepts, in bytes. */
export const MAX_BINARY_FRAME_BYTES = 256 * 1024;
/** Terminal sizes outside 1..MAX_TERMINAL_DIMENSION are refused (a hostile resize cannot exhaust memory). */
export const MAX_TERMINAL_DIMENSION = 1000;
/** A target is an ssh-config alias or `user@host:port`; nothing longer is plausible. */
export const MAX_TARGET_LENGTH = 255;
/** Answers to a password or keyboard-interactive prompt. */
export const MAX_PROMPT_ANSWER_LENGTH = 4096;

const Dimension = Type.Integer({ minimum: 1, maximum: MAX_TERMINAL_DIMENSION });
const Offset = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const strict = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------
// Page → bridge
// ---------------------------------------------------------------------------

export const ClientMessageSchemas = {
  /** First message on every WebSocket: the page says which protocol it speaks. */
  hello: Type.Object({ type: Type.Literal('hello'), version: Type.Integer() }, strict),
  /** Start a session to a target (`de1`, `user@host`, `user@host:port`) with the terminal's size. */
  open: Type.Object(
    {
      type: Type.Literal('open'),
      target: Type.String({ minLength: 1, maxLength: MAX_TARGET_LENGTH }),
      cols: Dimension,
      rows: Dimension,
      /** Opened from this saved session: the bridge applies its authentication and jump host. */
      savedSessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    strict,
  ),
  /**
   * Attach to a live session instead of opening one (a dropped connection, a reloaded page, a reopened tab).
   * `offset`: the tab has drawn every output byte before it (0 for a fresh terminal).
   */
  attach: Type.Object(
    {
      type: Type.Literal('attach'),
      sessionId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
      offset: Offset,
      cols: Dimension,
      rows: Dimension,
    },
    strict,
  ),
  /** The user closed the tab: keep the shell running for the grace period, so the tab can be reopened. */
  detach: Type.Object({ type: Type.Literal('detach') }, strict),
  /** The user's answer to a `host-key` question. */
  'host-key-answer': Type.Object({ type: Type.Literal('host-key-answer'), trust: Type.Boolean() }, strict),
  /** The user's answers to a `prompt` (same order as its prompts), or null when they cancelled. */
  'prompt-answer': Type.Object(
    {
      type: Type.Literal('prompt-answer'),
      id: Type.Integer({ minimum: 0 }),
      answers: Type.Union([
        Type.Array(Type.String({ maxLength: MAX_PROMPT_ANSWER_LENGTH }), { maxItems: 16 }),
        Type.Null(),
      ]),
    },
    strict,
  ),
  /** The terminal's size changed. */
  resize: Type.Object({ type: Type.Literal('resize'), cols: Dimension, rows: Dimension }, strict),
  /** The page has drawn every output byte before `offset`; the bridge may send more (flow control). */
  ack: Type.Object({ type: Type.Literal('ack'), offset: Offset }, strict),
  /** Round-trip probe; the bridge answers `pong` with the same id at once. */
  ping: Type.Object({ type: Type.Literal('ping'), id: Type.Integer({ minimum: 0 }) }, strict),
  /** End the session now (its shell is closed; nothing to reopen). */
  close: Type.Object({ type: Type.Literal('close') }, strict),
} satisfies Record<string, TSchema>;

// ---------------------------------------------------------------------------
// Bridge → page
// ---------------------------------------------------------------------------

/** Steps of connecting, in order; shown in the tab while it connects. */
export type ConnectPhase = 'resolving' | 'connecting' | 'handshake' | 'authenticating' | 'opening-shell';

/** Why a session ended; the page words its notice and offers what fits (reconnect, trust, …). */
export type ClosedReason =
  | 'exit' // the shell exited
  | 'host-closed' // the host or network closed the connection
  | 'host-key-changed' // refused: the key differs from the known one
  | 'host-key-rejected' // the user did not trust an unknown key
  | 'host-key-unknown' // refused without asking: the key is unknown and the ssh config says not to ask (nothing to trust here)
  | 'auth-failed' // every authentication method failed or was cancelled
  | 'connect-failed' // name lookup, TCP or handshake failed
  | 'bad-target' // the target could not be understood or resolved
  | 'gone' // the session to attach to no longer exists (ended, expired, or longhaul restarted)
  | 'user' // the user closed it
  | 'error'; // anything else; the message says what

/**
 * Non-fatal complaints about a message the page sent. `too-large` is also input refused because the host has not
 * read what is already queued for it: those bytes are dropped, never written later (see `input-ack`).
 */
export type ErrorCode = 'bad-message' | 'too-large' | 'version-mismatch' | 'not-ready' | 'unexpected';

export const ServerMessageSchemas = {
  /** Answer to `hello`: the versions agree. */
  welcome: Type.Object({ type: Type.Literal('welcome'), version: Type.Integer() }, strict),
  /** Progress while connecting. */
  status: Type.Object(
    {
      type: Type.Literal('status'),
      phase: Type.Union([
        Type.Literal('resolving'),
        Type.Literal('connecting'),
        Type.Literal('handshake'),
        Type.Literal('authenticating'),
        Type.Literal('opening-shell'),
      ]),
      detail: Type.Optional(Type.String()),
      /**
       * This tab waits for a login to the same place that another tab is making: what that tab is asking its user
       * now (`login`: nothing, the login is under way). The page may point at that tab; `detail` says it in words.
       */
      waitingFor: Type.Optional(
        Type.Union([
          Type.Literal('host-key'),
          Type.Literal('password'),
          Type.Literal('passphrase'),
          Type.Literal('keyboard-interactive'),
          Type.Literal('login'),
        ]),
      ),
      /**
       * A sentence the tab keeps showing once its shell is up: something about how it was reached that the user
       * would not otherwise see (a saved session's key file that does not exist, so another tab's login was used).
       */
      note: Type.Optional(Type.String()),
    },
    strict,
  ),
  /** First contact with a host whose key is not known: ask the user to trust it. */
  'host-key': Type.Object(
    {
      type: Type.Literal('host-key'),
      /** What the user typed, e.g. `de1`. */
      target: Type.String(),
      /** Where it really goes, `host` or `[host]:port` as known_hosts writes it. */
      hostId: Type.String(),
      /** e.g. `ED25519`, as `ssh-keygen -lf` prints it. */
      keyType: Type.String(),
      /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
      fingerprint: Type.String(),
      /** Extra context, e.g. keys of another type are known for this host. */
      note: Type.Optional(Type.String()),
    },
    strict,
  ),
  /**
   * Ask the user for secrets (passphrase, password, 2FA code); never stored or logged. `title` is always longhaul's
   * own words. For `keyboard-interactive` the host wrote `hostName`, `instructions` and each prompt's `text`: the page
   * shows them as the host's quoted words, never as longhaul's, so a host cannot pose as longhaul's own questions.
   */
  prompt: Type.Object(
    {
      type: Type.Literal('prompt'),
      id: Type.Integer({ minimum: 0 }),
      kind: Type.Union([Type.Literal('passphrase'), Type.Literal('password'), Type.Literal('keyboard-interactive')]),
      title: Type.String(),
      /** keyboard-interactive only: the name the host gave its question. */
      hostName: Type.Optional(Type.String()),
      instructions: Type.String(),
      prompts: Type.Array(Type.Object({ text: Type.String(), echo: Type.Boolean() }, strict)),
    },
    strict,
  ),
  /**
   * The shell is open; output frames follow. `hostAnswers`: the shell runs in tmux on the host (a durable shell),
   * which answers the programs' terminal queries itself; the tab must not answer them too (its answers would be typed
   * into the shell).
   */
  ready: Type.Object(
    { type: Type.Literal('ready'), sessionId: Type.String(), title: Type.String(), hostAnswers: Type.Optional(Type.Boolean()) },
    strict,
  ),
  /**
   * Attached to a live session. Output frames continue from `offset`; when `replay` is true the tab had missed
   * more than the bridge still holds, and must clear its screen and draw from `offset` on. `inputOffset`: input
   * bytes the bridge has taken (written, or refused with an `error`), so the tab re-sends only what came after.
   * `liveFrom`: where the session's output stood at this attach. Bytes before it were held by the bridge (replayed to
   * rebuild the screen); the tab draws them but never answers the queries in them, since whoever asked has had its
   * answer or is gone. Bytes from `liveFrom` on are new, and answered as a terminal does.
   */
  attached: Type.Object(
    {
      type: Type.Literal('attached'),
      sessionId: Type.String(),
      title: Type.String(),
      offset: Offset,
      replay: Type.Boolean(),
      inputOffset: Offset,
      liveFrom: Offset,
      /** As for `ready`. */
      hostAnswers: Type.Optional(Type.Boolean()),
    },
    strict,
  ),
  /**
   * The bridge is done with every input byte before `offset`: each was written to the SSH channel (queued there, within
   * a bound, until the host reads it; a dropped page connection cannot lose it) or refused with an `error` (dropped,
   * never written later). Either way the page must not send them again. A refused frame is never answered with this;
   * only an acknowledgement of later input covers it.
   */
  'input-ack': Type.Object({ type: Type.Literal('input-ack'), offset: Offset }, strict),
  /** The session ended; `message` is a sentence for the user. */
  closed: Type.Object(
    {
      type: Type.Literal('closed'),
      reason: Type.Union([
        Type.Literal('exit'),
        Type.Literal('host-closed'),
        Type.Literal('host-key-changed'),
        Type.Literal('host-key-rejected'),
        Type.Literal('host-key-unknown'),
        Type.Literal('auth-failed'),
        Type.Literal('connect-failed'),
        Type.Literal('bad-target'),
        Type.Literal('gone'),
        Type.Literal('user'),
        Type.Literal('error'),
      ]),
      message: Type.String(),
      exitCode: Type.Optional(Type.Integer()),
    },
    strict,
  ),
  /** A message from the page was refused; the session goes on. */
  error: Type.Object(
    {
      type: Type.Literal('error'),
      code: Type.Union([
        Type.Literal('bad-message'),
        Type.Literal('too-large'),
        Type.Literal('version-mismatch'),
        Type.Literal('not-ready'),
        Type.Literal('unexpected'),
      ]),
      message: Type.String(),
    },
    strict,
  ),
  /** Answer to `ping`. */
  pong: Type.Object({ type: Type.Literal('pong'), id: Type.Integer({ minimum: 0 }) }, strict),
  /** longhaul ↔ host: the round trip of an SSH keepalive request (`keepalive@openssh.com`), timed on the bridge. */
  'host-rtt': Type.Object({ type: Type.Literal('host-rtt'), rttMs: Type.Number({ minimum: 0 }) }, strict),
  /**
   * The host has not answered for `silentForMs` (sent when that passes HOST_SILENT_AFTER_MS, then every few
   * seconds while it lasts, so the page can count up); `null` when it answers again. The session is kept.
   */
  'host-silence': Type.Object(
    { type: Type.Literal('host-silence'), silentForMs: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]) },
    strict,
  ),
  /**
   * The SSH connection under a shell that outlives it (a durable shell, in tmux on the host) was cut, and longhaul
   * is getting back to it: `attempt` counts the tries (1, 2, …); `null` once the shell is back. The session is kept.
   */
  reconnecting: Type.Object(
    { type: Type.Literal('reconnecting'), attempt: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
    strict,
  ),
  /** How connecting went: each step, in order, with its time in ms since the page asked to connect. */
  timeline: Type.Object(
    {
      type: Type.Literal('timeline'),
      steps: Type.Array(
        Type.Object({ name: Type.String(), atMs: Type.Number({ minimum: 0 }), detail: Type.Optional(Type.String()) }, strict),
        { maxItems: 64 },
      ),
    },
    strict,
  ),
} satisfies Record<string, TSchema>;

/** A host that has not answered a keepalive for this long is shown as silent (and kept). */
export const HOST_SILENT_AFTER_MS = 5_000;

type Messages<S extends Record<string, TSchema>> = { [K in keyof S]: Static<S[K]> }[keyof S];
export type ClientMessage = Messages<typeof ClientMessageSchemas>;
export type ServerMessage = Messages<typeof ServerMessageSchemas>;
export type ClientMessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

// Compile-time checks that the hand-written unions above match the schemas.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const phasesMatch: Same<ServerMessageOf<'status'>['phase'], ConnectPhase> = true;
const reasonsMatch: Same<ServerMessageOf<'closed'>['reason'], ClosedReason> = true;
const codesMatch: Same<ServerMessageOf<'error'>['code'], ErrorCode> = true;
void phasesMatch;
void reasonsMatch;
void codesMatch;

/** For exhaustive switches over `msg.type`. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
