// The SSH connections longhaul holds, as GET /api/connections lists them: which route, how many tabs, kept or not.
import { Type, type Static } from '@sinclair/typebox';

export const ConnectionSummarySchema = Type.Object(
  {
    /** user@host:port, through any jump hosts (`a > b`), with a simulated round trip if one applies. */
    route: Type.String(),
    /** Shells (tabs, and closed tabs' kept shells) on it. */
    shells: Type.Integer({ minimum: 0 }),
    /** Kept up with no tab on it, for a saved session marked Keep connected. */
    kept: Type.Boolean(),
    /** The host has stopped answering on it; new tabs take a new connection. */
    silent: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ConnectionSummary = Static<typeof ConnectionSummarySchema>;

export const ConnectionListSchema = Type.Object({ connections: Type.Array(ConnectionSummarySchema) }, { additionalProperties: false });
export type ConnectionList = Static<typeof ConnectionListSchema>;
