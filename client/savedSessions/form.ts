// The saved-session form as plain values: filled from a saved session or an alias, checked, and turned into API input.
import {
  MAX_SIMULATED_RTT_MS,
  MAX_TAB_LABEL_LENGTH,
  type AuthMethod,
  type DurableMode,
  type PredictiveEchoMode,
  type SavedSession,
  type SavedSessionInput,
} from '../../shared/savedSessions.js';

/** What the form's fields hold, as text and choices (empty text means "not set"). */
export interface SessionFormValues {
  name: string;
  target: string;
  auth: AuthMethod;
  keyFile: string;
  predictiveEcho: PredictiveEchoMode;
  halfDuplex: boolean;
  /** Logged in when longhaul starts and kept up, so the first tab opens at once. */
  keepConnected: boolean;
  /** Shells in tmux on the host (`auto`), or on a pty (`off`). */
  durable: DurableMode;
  /** A durable shell whose tab was closed keeps running on the host. */
  keepRunningWhenClosed: boolean;
  /** Type the shell integration line into each new shell (bash and zsh then mark their prompts). */
  shellIntegration: boolean;
  /** A palette name (`teal`) or `#rrggbb`; empty lets the bridge pick the least used palette colour. */
  color: string;
  label: string;
  commandOnConnect: string;
  jumpHost: string;
  /** Milliseconds as typed; empty leaves --simulate-rtt in charge. */
  simulatedRttMs: string;
}

export type SessionFormField = keyof SessionFormValues;

export type FormErrors = Partial<Record<SessionFormField, string>>;

/** A new session, pre-filled with a target when saving an ssh-config alias (named after it). */
export function newSessionForm(target = ''): SessionFormValues {
  return {
    name: target,
    target,
    auth: 'agent',
    keyFile: '',
    predictiveEcho: 'auto',
    halfDuplex: false,
    keepConnected: false,
    durable: 'auto',
    keepRunningWhenClosed: false,
    shellIntegration: false,
    color: '',
    label: '',
    commandOnConnect: '',
    jumpHost: '',
    simulatedRttMs: '',
  };
}

export function formFromSaved(saved: SavedSession): SessionFormValues {
  return {
    name: saved.name,
    target: saved.target,
    auth: saved.auth,
    keyFile: saved.keyFile ?? '',
    predictiveEcho: saved.predictiveEcho,
    halfDuplex: saved.halfDuplex,
    keepConnected: saved.keepConnected,
    durable: saved.durable,
    keepRunningWhenClosed: saved.keepRunningWhenClosed,
    shellIntegration: saved.shellIntegration,
    color: saved.color,
    label: saved.label ?? '',
    commandOnConnect: saved.commandOnConnect ?? '',
    jumpHost: saved.jumpHost ?? '',
    simulatedRttMs: saved.simulatedRttMs === undefined ? '' : String(saved.simulatedRttMs),
  };
}

/**
 * Check what the bridge cannot help with in words a person expects, and map the rest to API input. Lengths and
 * characters are left to the bridge's schema (its 400 names the field), so the two never disagree.
 */
export function sessionInputFrom(values: SessionFormValues): { input: SavedSessionInput } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const name = values.name.trim();
  const target = values.target.trim();
  const keyFile = values.keyFile.trim();
  if (!name) errors.name = 'Give the session a name.';
  if (!target) errors.target = 'Say where to connect: a Host from ~/.ssh/config such as de1, or user@host:port.';
  if (values.auth === 'key-file' && !keyFile) errors.keyFile = 'Give the path of the private key file, such as ~/.ssh/id_ed25519.';
  if (values.commandOnConnect.includes('\n')) errors.commandOnConnect = 'The command on connect must be one line.';
  const rttText = values.simulatedRttMs.trim();
  // Only digits become a number (Number() would also take "1e3" or "0x10"); the upper bound is the bridge's to say.
  if (rttText && !/^\d+$/.test(rttText)) errors.simulatedRttMs = 'The simulated round trip must be a whole number of milliseconds, such as 250.';
  if (Object.keys(errors).length > 0) return { errors };

  const input: SavedSessionInput = {
    name,
    target,
    auth: values.auth,
    predictiveEcho: values.predictiveEcho,
    halfDuplex: values.halfDuplex,
    keepConnected: values.keepConnected,
    durable: values.durable,
    keepRunningWhenClosed: values.keepRunningWhenClosed,
    shellIntegration: values.shellIntegration,
  };
  if (values.auth === 'key-file') input.keyFile = keyFile;
  if (values.color) input.color = values.color;
  const label = values.label.trim();
  if (label) input.label = label;
  const command = values.commandOnConnect.trim();
  if (command) input.commandOnConnect = command;
  const jumpHost = values.jumpHost.trim();
  if (jumpHost) input.jumpHost = jumpHost;
  if (rttText) input.simulatedRttMs = Number(rttText);
  return { input };
}

const API_FIELDS: readonly SessionFormField[] = [
  'name', 'target', 'auth', 'keyFile', 'predictiveEcho', 'halfDuplex', 'keepConnected', 'durable', 'keepRunningWhenClosed', 'shellIntegration', 'color', 'label', 'commandOnConnect', 'jumpHost', 'simulatedRttMs',
];

/** The field a bridge error is about (its messages start with the field's name), so it can be shown beside it. */
export function fieldOfApiError(message: string): SessionFormField | undefined {
  const first = /^(\w+)\b/.exec(message.replace(/^\/?body\/?/, ''))?.[1];
  return API_FIELDS.find((field) => field === first);
}

/** Shown under the simulated round trip field. */
export const SIMULATED_RTT_HINT =
  `For rehearsing a far link: adds this much round trip (0 to ${MAX_SIMULATED_RTT_MS}) between longhaul and the host. ` +
  '0 for none; left empty, --simulate-rtt applies.';

/** Shown under the label field; the bridge enforces the same limit. */
export const LABEL_HINT = `Up to ${MAX_TAB_LABEL_LENGTH} characters, shown on the session's tabs.`;
