// Turns untrusted WebSocket text into a typed message, or a sentence saying what is wrong with it.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  ClientMessageSchemas,
  MAX_CONTROL_MESSAGE_BYTES,
  ServerMessageSchemas,
  type ClientMessage,
  type ErrorCode,
  type ServerMessage,
} from './protocol.js';

export type Parsed<T> = { ok: true; message: T } | { ok: false; code: ErrorCode; error: string };

function parseWith<T>(schemas: Record<string, TSchema>, text: string): Parsed<T> {
  // Length in UTF-16 units is at most the UTF-8 byte length, so this check never lets a big message through.
  if (text.length > MAX_CONTROL_MESSAGE_BYTES) {
    return { ok: false, code: 'too-large', error: `message is larger than ${MAX_CONTROL_MESSAGE_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad-message', error: 'message is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'bad-message', error: 'message must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
    return { ok: false, code: 'bad-message', error: `unknown message type ${describe(type)}` };
  }
  const schema = schemas[type]!;
  if (!Value.Check(schema, value)) {
    const first = Value.Errors(schema, value).First();
    const where = first?.path ? `${type}${first.path.replaceAll('/', '.')}` : type;
    return { ok: false, code: 'bad-message', error: `${where}: ${first?.message ?? 'invalid'}` };
  }
  return { ok: true, message: value as T };
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** Validate a message from the page (on the bridge). */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  return parseWith<ClientMessage>(ClientMessageSchemas, text);
}

/** Validate a message from the bridge (in the page). */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  return parseWith<ServerMessage>(ServerMessageSchemas, text);
}
