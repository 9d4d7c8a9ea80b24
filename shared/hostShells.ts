// longhaul's shells found running on a host that no session of this longhaul holds, as GET /api/sessions/host-shells lists them.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_TARGET_LENGTH } from './protocol.js';

const Timestamp = Type.Integer({ minimum: 0, description: 'milliseconds since 1970' });

export const HostShellSchema = Type.Object(
  {
    /** The host as the user wrote it for the connection it was found on (`de1`). */
    target: Type.String(),
    /** Its tmux session on longhaul's tmux server there (`lh-` and a UUID). */
    sessionName: Type.String(),
    createdAt: Timestamp,
    /** When tmux last saw output or input in it. */
    activityAt: Timestamp,
    /** Its last line with text, plain. */
    lastLine: Type.String(),
  },
  { additionalProperties: false },
);
export type HostShell = Static<typeof HostShellSchema>;

export const HostShellListSchema = Type.Object({ shells: Type.Array(HostShellSchema) }, { additionalProperties: false });
export type HostShellList = Static<typeof HostShellListSchema>;

/** POST /api/sessions/host-shells/take: the shell a tab will attach to. */
export const TakeHostShellSchema = Type.Object(
  {
    target: Type.String({ minLength: 1, maxLength: MAX_TARGET_LENGTH, errorMessage: 'target must be the host the shell was listed under, such as de1' }),
    sessionName: Type.String({
      pattern: '^lh-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      errorMessage: 'sessionName must be the name of a shell longhaul started (lh- and a UUID), as listed',
    }),
  },
  { additionalProperties: false },
);
export type TakeHostShell = Static<typeof TakeHostShellSchema>;
