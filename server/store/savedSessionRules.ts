// The rules a saved session obeys beyond its schema: a target ssh can read, a key file only with key-file auth,
// and a default colour that keeps sessions apart.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  fieldErrorMessage,
  SavedSessionInputSchema,
  SESSION_COLORS,
  type SavedSession,
  type SavedSessionInput,
} from '../../shared/savedSessions.js';
import { parseTypedTarget } from '../ssh/target.js';

/** A saved session's own fields, defaults filled in (everything but id and timestamps). */
export type SavedSessionFields = Omit<SavedSession, 'id' | 'createdAt' | 'updatedAt'>;

/** The first thing wrong with a value against a schema, as a sentence naming the field. */
export function schemaProblem(schema: TSchema, value: unknown): string | undefined {
  if (Value.Check(schema, value)) return undefined;
  const first = Value.Errors(schema, value).First();
  if (!first) return 'the request is not valid';
  const field = first.path.split('/').filter(Boolean).join('.');
  if (/^(password|passphrase)$/i.test(field)) {
    return `${field}: longhaul never stores passwords or passphrases; it asks for them in the page when connecting`;
  }
  if (first.message === 'Unexpected property') return `${field} is not a field longhaul knows; leave it out`;
  if (first.message === 'Expected required property') return `${field} is required`;
  if (!field) return `the request must be a JSON object (${first.message.toLowerCase()})`;
  return fieldErrorMessage(first.schema) ?? `${field}: ${first.message.toLowerCase()}`;
}

/**
 * Check fields that passed the schema against the rules ssh and the page rely on; returns the first problem or
 * undefined. Values are expected trimmed (see normalize).
 */
export function savedSessionProblem(fields: SavedSessionFields): string | undefined {
  if (!fields.name) return 'name must not be blank';
  const target = targetProblem('target', fields.target);
  if (target) return target;
  if (fields.jumpHost !== undefined) {
    const jump = targetProblem('jumpHost', fields.jumpHost);
    if (jump) return jump;
  }
  if (fields.auth === 'key-file') {
    if (fields.keyFile === undefined) return 'keyFile is required with auth "key-file" (such as ~/.ssh/id_ed25519)';
    if (!fields.keyFile.startsWith('/') && !fields.keyFile.startsWith('~/')) {
      return 'keyFile must be an absolute path or start with ~/ (such as ~/.ssh/id_ed25519)';
    }
  } else if (fields.keyFile !== undefined) {
    return `keyFile goes with auth "key-file" only, not "${fields.auth}"`;
  }
  if (fields.label === '') return 'label must not be blank; leave it out to show the name';
  if (fields.commandOnConnect === '') return 'commandOnConnect must not be blank; leave it out to run nothing';
  return undefined;
}

function targetProblem(field: string, text: string): string | undefined {
  try {
    parseTypedTarget(text);
    return undefined;
  } catch (error) {
    return `${field}: ${(error as Error).message}`;
  }
}

/** Trim what a person typed; drop optional fields left empty only by the trimming of whitespace. */
export function normalize(fields: SavedSessionFields): SavedSessionFields {
  const out: SavedSessionFields = {
    ...fields,
    name: fields.name.trim(),
    target: fields.target.trim(),
  };
  for (const key of ['keyFile', 'label', 'commandOnConnect', 'jumpHost'] as const) {
    const value = out[key];
    if (value === undefined) delete out[key];
    else out[key] = value.trim();
  }
  return out;
}

/** Fill the defaults of a create or replace request. */
export function withDefaults(input: SavedSessionInput, color: string): SavedSessionFields {
  const fields: SavedSessionFields = {
    name: input.name,
    target: input.target,
    auth: input.auth ?? 'agent',
    predictiveEcho: input.predictiveEcho ?? 'auto',
    halfDuplex: input.halfDuplex ?? false,
    keepConnected: input.keepConnected ?? false,
    durable: input.durable ?? 'auto',
    keepRunningWhenClosed: input.keepRunningWhenClosed ?? false,
    shellIntegration: input.shellIntegration ?? false,
    color: input.color ?? color,
  };
  if (input.keyFile !== undefined) fields.keyFile = input.keyFile;
  if (input.label !== undefined) fields.label = input.label;
  if (input.commandOnConnect !== undefined) fields.commandOnConnect = input.commandOnConnect;
  if (input.jumpHost !== undefined) fields.jumpHost = input.jumpHost;
  if (input.simulatedRttMs !== undefined) fields.simulatedRttMs = input.simulatedRttMs;
  return fields;
}

/** The palette colour the fewest saved sessions use (the first such in palette order), so new tabs look different. */
export function leastUsedColor(used: readonly string[]): string {
  const counts = new Map<string, number>(SESSION_COLORS.map((color) => [color, 0]));
  for (const color of used) if (counts.has(color)) counts.set(color, counts.get(color)! + 1);
  let best: string = SESSION_COLORS[0];
  for (const color of SESSION_COLORS) if (counts.get(color)! < counts.get(best)!) best = color;
  return best;
}

/** Validate an untrusted create/replace request body (the repository's gate, whoever calls it). */
export function inputProblem(input: unknown): string | undefined {
  return schemaProblem(SavedSessionInputSchema, input);
}
