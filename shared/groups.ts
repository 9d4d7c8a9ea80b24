// Host groups as the HTTP API speaks them (/api/groups): schemas and types for the bridge and the page.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_TARGET_LENGTH } from './protocol.js';

export const MAX_GROUP_NAME_LENGTH = 64;
export const MAX_GROUP_MEMBERS = 1000;

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
const strict = { additionalProperties: false } as const;

const Name = Type.String({
  minLength: 1,
  maxLength: MAX_GROUP_NAME_LENGTH,
  pattern: PRINTABLE,
  errorMessage: `name must be 1 to ${MAX_GROUP_NAME_LENGTH} characters, without control characters`,
});
/**
 * A saved session's name, an ssh-config Host alias or user@host:port, or a pattern with `*` and `?` matched against
 * the config's Host aliases (`isu0*`).
 */
const Members = Type.Array(Type.String({ minLength: 1, maxLength: MAX_TARGET_LENGTH, pattern: PRINTABLE }), {
  maxItems: MAX_GROUP_MEMBERS,
  errorMessage: `members must be a list of at most ${MAX_GROUP_MEMBERS} saved session names, Host aliases (de1), user@host:port, or patterns such as isu0*`,
});
const Timestamp = Type.Integer({ minimum: 0, description: 'milliseconds since 1970' });

/** Create, and replace with PUT. */
export const GroupInputSchema = Type.Object({ name: Name, members: Members }, strict);
export type GroupInput = Static<typeof GroupInputSchema>;

/** PATCH: only the fields given change. */
export const GroupPatchSchema = Type.Object({ name: Type.Optional(Name), members: Type.Optional(Members) }, strict);
export type GroupPatch = Static<typeof GroupPatchSchema>;

/** One host a group stands for now: what to connect to, and which member brought it in. */
export const GroupHostSchema = Type.Object(
  {
    target: Type.String(),
    member: Type.String(),
    /** When the member is a saved session. */
    savedSessionId: Type.Optional(Type.String()),
  },
  strict,
);
export type GroupHost = Static<typeof GroupHostSchema>;

export const GroupSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    members: Type.Array(Type.String()),
    /** The members expanded (patterns matched against the ssh config's aliases as it reads now), each host once. */
    hosts: Type.Array(GroupHostSchema),
    /** `saved`: made in longhaul; `ssh-config`: one wildcard Host line of ~/.ssh/config (read only). */
    source: Type.Union([Type.Literal('saved'), Type.Literal('ssh-config')]),
    createdAt: Type.Optional(Timestamp),
    updatedAt: Type.Optional(Timestamp),
  },
  strict,
);
export type Group = Static<typeof GroupSchema>;

/** GET /api/groups: saved groups by name, then one per wildcard Host line in config order. */
export const GroupListSchema = Type.Object({ groups: Type.Array(GroupSchema) }, strict);
export type GroupList = Static<typeof GroupListSchema>;
