// Saved sessions and closed-session history as the HTTP API speaks them: schemas and types for the bridge and the page.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MAX_TARGET_LENGTH } from './protocol.js';

// Lengths count UTF-16 units (JavaScript's `.length`, and what an <input maxlength> counts).

export const MAX_SESSION_NAME_LENGTH = 64;
export const MAX_TAB_LABEL_LENGTH = 8;
export const MAX_COMMAND_ON_CONNECT_LENGTH = 1000;
export const MAX_KEY_FILE_PATH_LENGTH = 1024;
/** The longest simulated round trip a saved session may add: several satellite hops, more than any link worth rehearsing. */
export const MAX_SIMULATED_RTT_MS = 5000;
export { MAX_TARGET_LENGTH };

/** Tab colours by name; the page maps each to a shade that reads on its theme. A `#rrggbb` is also accepted. */
export const SESSION_COLORS = ['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink'] as const;
export type SessionColorName = (typeof SESSION_COLORS)[number];

/** How a saved session logs in. `password` means: ask for it in the page each time (it is never stored). */
export const AUTH_METHODS = ['agent', 'key-file', 'password'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Predictive local echo for a session's tabs: `auto` turns it on when the round trip is long enough to notice. */
export const PREDICTIVE_ECHO_MODES = ['auto', 'always', 'never'] as const;
export type PredictiveEchoMode = (typeof PREDICTIVE_ECHO_MODES)[number];

/**
 * Options every field schema may carry: `errorMessage` is the sentence a person sees when the field is wrong
 * (the bridge's validator uses it in place of the generic one).
 */
interface FieldOptions {
  errorMessage: string;
}

// No control characters (a name or label ends up in titles and tab strips; a path or command in a shell).
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
const strict = { additionalProperties: false } as const;

function text(min: number, max: number, options: FieldOptions) {
  return Type.String({ minLength: min, maxLength: max, pattern: PRINTABLE, ...options });
}

/** An optional field a PATCH may clear with null. */
function clearable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()], { errorMessage: fieldErrorMessage(schema) });
}

const Name = text(1, MAX_SESSION_NAME_LENGTH, {
  errorMessage: `name must be 1 to ${MAX_SESSION_NAME_LENGTH} characters, without control characters`,
});
const Target = text(1, MAX_TARGET_LENGTH, {
  errorMessage: 'target must be an ssh-config Host alias such as de1, or user@host:port',
});
const Auth = Type.Union([Type.Literal('agent'), Type.Literal('key-file'), Type.Literal('password')], {
  errorMessage: `auth must be one of ${AUTH_METHODS.join(', ')}`,
});
const KeyFile = text(1, MAX_KEY_FILE_PATH_LENGTH, {
  errorMessage: 'keyFile must be the path of a private key file, such as ~/.ssh/id_ed25519',
});
const PredictiveEcho = Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')], {
  errorMessage: `predictiveEcho must be one of ${PREDICTIVE_ECHO_MODES.join(', ')}`,
});
const HalfDuplex = Type.Boolean({ errorMessage: 'halfDuplex must be true or false' });
const KeepConnected = Type.Boolean({ errorMessage: 'keepConnected must be true or false' });
export const DURABLE_MODES = ['auto', 'off'] as const;
export type DurableMode = (typeof DURABLE_MODES)[number];
const Durable = Type.Union([Type.Literal('auto'), Type.Literal('off')], { errorMessage: `durable must be one of ${DURABLE_MODES.join(', ')}` });
const KeepRunningWhenClosed = Type.Boolean({ errorMessage: 'keepRunningWhenClosed must be true or false' });
const ShellIntegration = Type.Boolean({ errorMessage: 'shellIntegration must be true or false' });
const Color = Type.String({
  pattern: `^(?:${SESSION_COLORS.join('|')}|#[0-9a-fA-F]{6})$`,
  errorMessage: `color must be one of ${SESSION_COLORS.join(', ')}, or #rrggbb`,
});
const Label = text(1, MAX_TAB_LABEL_LENGTH, {
  errorMessage: `label must be 1 to ${MAX_TAB_LABEL_LENGTH} characters, without control characters`,
});
const CommandOnConnect = text(1, MAX_COMMAND_ON_CONNECT_LENGTH, {
  errorMessage: `commandOnConnect must be 1 to ${MAX_COMMAND_ON_CONNECT_LENGTH} characters, on one line`,
});
const JumpHost = text(1, MAX_TARGET_LENGTH, {
  errorMessage: 'jumpHost must be an ssh-config Host alias or user@host:port',
});
const SimulatedRttMs = Type.Integer({
  minimum: 0,
  maximum: MAX_SIMULATED_RTT_MS,
  errorMessage: `simulatedRttMs must be a whole number of milliseconds from 0 to ${MAX_SIMULATED_RTT_MS} (0: no simulated delay)`,
});
const Timestamp = Type.Integer({ minimum: 0, description: 'milliseconds since 1970' });

/** What a person chooses for a saved session (create, and replace with PUT). Defaults fill what is left out. */
export const SavedSessionInputSchema = Type.Object(
  {
    name: Name,
    target: Target,
    /** Default `agent`. */
    auth: Type.Optional(Auth),
    /** Only with `auth: 'key-file'`, and required then. */
    keyFile: Type.Optional(KeyFile),
    /** Default `auto`. */
    predictiveEcho: Type.Optional(PredictiveEcho),
    /** Default false. */
    halfDuplex: Type.Optional(HalfDuplex),
    /**
     * Default false. Log in when longhaul starts and keep that connection up (again after a drop), so the first tab
     * opens in about a round trip; only where no typed secret is needed (the agent, or a key without passphrase).
     */
    keepConnected: Type.Optional(KeepConnected),
    /**
     * Default `auto`: the session's shells run in tmux on the host when it has tmux 3.2+ (and longhaul runs with
     * --durable auto), so they outlive a cut connection and longhaul; `off`: a shell on a pty, as `ssh` gives.
     */
    durable: Type.Optional(Durable),
    /**
     * Default false. A durable shell whose tab is closed keeps running on the host after --keep-closed instead of
     * ending; a new tab lists it under its host.
     */
    keepRunningWhenClosed: Type.Optional(KeepRunningWhenClosed),
    /**
     * Default false. When a tab's shell starts, type one line that makes bash or zsh mark its prompts (OSC 133) and
     * report its folder (OSC 7) for as long as it runs; other shells ignore it. Nothing is written on the host.
     */
    shellIntegration: Type.Optional(ShellIntegration),
    /** Default: on create, the palette colour fewest saved sessions use; on replace, the colour it had. */
    color: Type.Optional(Color),
    /** Short text on the session's tabs; the page falls back to the name. */
    label: Type.Optional(Label),
    /** Typed into the shell once it starts. */
    commandOnConnect: Type.Optional(CommandOnConnect),
    /** Reach the target through this host (an alias or user@host:port), like `ssh -J`. */
    jumpHost: Type.Optional(JumpHost),
    /**
     * Round trip added between longhaul and the host for this session's tabs, to rehearse a far link; it replaces
     * --simulate-rtt for them (0: none). Left out, --simulate-rtt applies.
     */
    simulatedRttMs: Type.Optional(SimulatedRttMs),
  },
  strict,
);
export type SavedSessionInput = Static<typeof SavedSessionInputSchema>;

/** A partial edit (PATCH): only the fields given change; `null` clears an optional field. */
export const SavedSessionPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    target: Type.Optional(Target),
    auth: Type.Optional(Auth),
    keyFile: Type.Optional(clearable(KeyFile)),
    predictiveEcho: Type.Optional(PredictiveEcho),
    halfDuplex: Type.Optional(HalfDuplex),
    keepConnected: Type.Optional(KeepConnected),
    durable: Type.Optional(Durable),
    keepRunningWhenClosed: Type.Optional(KeepRunningWhenClosed),
    shellIntegration: Type.Optional(ShellIntegration),
    color: Type.Optional(Color),
    label: Type.Optional(clearable(Label)),
    commandOnConnect: Type.Optional(
      clearable(CommandOnConnect),
    ),
    jumpHost: Type.Optional(clearable(JumpHost)),
    simulatedRttMs: Type.Optional(clearable(SimulatedRttMs)),
  },
  strict,
);
export type SavedSessionPatch = Static<typeof SavedSessionPatchSchema>;

/** A saved session as stored. It has no field for a password or passphrase, and never will. */
export const SavedSessionSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    target: Type.String(),
    auth: Auth,
    keyFile: Type.Optional(Type.String()),
    predictiveEcho: PredictiveEcho,
    halfDuplex: Type.Boolean(),
    keepConnected: Type.Boolean(),
    durable: Durable,
    keepRunningWhenClosed: Type.Boolean(),
    shellIntegration: Type.Boolean(),
    color: Type.String(),
    label: Type.Optional(Type.String()),
    commandOnConnect: Type.Optional(Type.String()),
    jumpHost: Type.Optional(Type.String()),
    simulatedRttMs: Type.Optional(Type.Integer({ minimum: 0 })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  strict,
);
export type SavedSession = Static<typeof SavedSessionSchema>;

/** A Host alias of ~/.ssh/config that no saved session targets yet; saving it adds longhaul's own settings. */
export const UnsavedHostSchema = Type.Object({ alias: Type.String(), source: Type.Literal('ssh-config') }, strict);
export type UnsavedHost = Static<typeof UnsavedHostSchema>;

/** GET /api/sessions/saved: saved sessions by name, then the ssh-config aliases not saved yet, in config order. */
export const SavedSessionListSchema = Type.Object(
  { saved: Type.Array(SavedSessionSchema), unsaved: Type.Array(UnsavedHostSchema) },
  strict,
);
export type SavedSessionList = Static<typeof SavedSessionListSchema>;

/** A session that ended, as the history lists it (without its scrollback). */
export const ClosedSessionSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    target: Type.String(),
    title: Type.String(),
    /** The saved session it was opened from, while that still exists. */
    savedSessionId: Type.Optional(Type.String()),
    /** The live session it was on the bridge, so a tab that was attached to it can find it here. */
    liveSessionId: Type.Optional(Type.String()),
    startedAt: Type.Optional(Timestamp),
    closedAt: Timestamp,
    /** Why it ended, in words (`logout`, `connection lost`). */
    endMessage: Type.Optional(Type.String()),
    /** Its last line of output worth reading (escapes stripped, prompts and logout skipped), to tell entries apart. */
    lastLine: Type.Optional(Type.String()),
    scrollbackBytes: Type.Integer({ minimum: 0 }),
    /** The start of its output was dropped to keep the history bounded. */
    scrollbackTruncated: Type.Boolean(),
  },
  strict,
);
export type ClosedSessionSummary = Static<typeof ClosedSessionSummarySchema>;

/** One closed session with its scrollback: terminal output, escape sequences (colours) kept, oldest first. */
export const ClosedSessionSchema = Type.Object(
  { ...ClosedSessionSummarySchema.properties, scrollback: Type.String() },
  strict,
);
export type ClosedSession = Static<typeof ClosedSessionSchema>;

/** A shell running on longhaul now, attached to a tab or not (GET /api/sessions/live). */
export const LiveSessionSummarySchema = Type.Object(
  {
    id: Type.String(),
    target: Type.String(),
    /** The saved session it was opened from (its label and colour), if any. */
    savedSessionId: Type.Optional(Type.String()),
    /** Whether a tab shows it now. */
    attached: Type.Boolean(),
    /** When its last tab let go of it. */
    detachedAt: Type.Optional(Timestamp),
    startedAt: Timestamp,
    /** The last line of its output worth reading (escapes removed, a bare prompt skipped), as history shows it. */
    lastLine: Type.String(),
  },
  strict,
);
export type LiveSessionSummary = Static<typeof LiveSessionSummarySchema>;

/** GET /api/sessions/live. */
export const LiveSessionListSchema = Type.Object({ sessions: Type.Array(LiveSessionSummarySchema) }, strict);
export type LiveSessionList = Static<typeof LiveSessionListSchema>;

/** GET /api/sessions/closed: newest first. */
export const ClosedSessionListSchema = Type.Object({ closed: Type.Array(ClosedSessionSummarySchema) }, strict);
export type ClosedSessionList = Static<typeof ClosedSessionListSchema>;

/** Every 4xx and 5xx answer: one sentence a person can act on. */
export const ApiErrorSchema = Type.Object({ error: Type.String() });
export type ApiError = Static<typeof ApiErrorSchema>;

/** The sentence to show for a schema that rejected a value (see FieldOptions). */
export function fieldErrorMessage(schema: TSchema): string | undefined {
  const message = (schema as { errorMessage?: unknown }).errorMessage;
  return typeof message === 'string' && message ? message : undefined;
}
