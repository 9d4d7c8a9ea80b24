// One command on many hosts (POST /api/run): the request, and the NDJSON lines the answer streams, for the bridge and the page.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_TARGET_LENGTH } from './protocol.js';

/** The most targets one run takes; a group of a few hundred hosts is the largest an operator runs on at once. */
export const MAX_RUN_TARGETS = 1000;
export const MAX_RUN_COMMAND_LENGTH = 16 * 1024;
/** How many targets log in at once unless the request says (as `xargs -P 16` runs 16 `ssh` at once). */
export const DEFAULT_RUN_PARALLELISM = 16;
export const MAX_RUN_PARALLELISM = 256;

const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';

export const RunRequestSchema = Type.Object(
  {
    /** ssh-config Host aliases or user@host:port, each once. Give these or `group`. */
    targets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_TARGET_LENGTH, pattern: PRINTABLE }), {
      minItems: 1,
      maxItems: MAX_RUN_TARGETS,
      errorMessage: `targets must be a list of 1 to ${MAX_RUN_TARGETS} ssh-config Host aliases or user@host:port`,
    })),
    /**
     * A group's id or name: its hosts as GET /api/groups lists them, a saved session's with its own way of logging in.
     */
    group: Type.Optional(
      Type.String({ minLength: 1, maxLength: 512, errorMessage: 'group must be the id or the name of a group (GET /api/groups lists them)' }),
    ),
    /** Run by each host's login shell, as `ssh host command` runs it. */
    command: Type.String({
      minLength: 1,
      maxLength: MAX_RUN_COMMAND_LENGTH,
      errorMessage: `command must be 1 to ${MAX_RUN_COMMAND_LENGTH} characters`,
    }),
    /**
     * Logins at once (default DEFAULT_RUN_PARALLELISM): a target waits for a slot until it is logged in; a target
     * whose connection is already logged in waits for none.
     */
    parallelism: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_RUN_PARALLELISM,
        errorMessage: `parallelism must be a whole number from 1 to ${MAX_RUN_PARALLELISM}`,
      }),
    ),
  },
  { additionalProperties: false },
);
export type RunRequest = Static<typeof RunRequestSchema>;

/** Output as it arrives (decoded as UTF-8, colours kept). */
export interface RunOutputLine {
  target: string;
  stream: 'stdout' | 'stderr';
  data: string;
}

/** The command ran (whatever its exit status): exactly one of these or a RunErrorLine per target. */
export interface RunResultLine {
  target: string;
  /** null when it ended by a signal (`signal` says which) or was stopped before it told. */
  exitCode: number | null;
  signal?: string;
  /** The last RUN_OUTPUT_KEPT_BYTES of each stream; `…Truncated` when the start was dropped. */
  stdout: string;
  stderr: string;
  stdoutTruncated?: boolean;
  stderrTruncated?: boolean;
  durationMs: number;
  /** The run was stopped while this command was running. */
  stopped?: boolean;
}

/** The command could not run there (unknown alias, refused connection, host key, authentication): one sentence. */
export interface RunErrorLine {
  target: string;
  error: string;
}

export type RunFinalLine = RunResultLine | RunErrorLine;
export type RunLine = RunOutputLine | RunFinalLine;

/** Output of each stream kept per target in the final line. */
export const RUN_OUTPUT_KEPT_BYTES = 64 * 1024;

export function isFinalLine(line: RunLine): line is RunFinalLine {
  return !('stream' in line);
}

const RunResultLineSchema = Type.Object({
  target: Type.String(),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  signal: Type.Optional(Type.String()),
  stdout: Type.String(),
  stderr: Type.String(),
  stdoutTruncated: Type.Optional(Type.Boolean()),
  stderrTruncated: Type.Optional(Type.Boolean()),
  durationMs: Type.Number(),
  stopped: Type.Optional(Type.Boolean()),
});
const RunErrorLineSchema = Type.Object({ target: Type.String(), error: Type.String() });

/** GET /api/runs/:id: a finished run as the store keeps it (each stream cut to the store's bound, `…Truncated` when cut). */
export const KeptRunSchema = Type.Object({
  id: Type.String(),
  command: Type.String(),
  targets: Type.Array(Type.String()),
  startedAt: Type.Integer(),
  endedAt: Type.Integer(),
  stopped: Type.Boolean(),
  results: Type.Array(Type.Union([RunResultLineSchema, RunErrorLineSchema])),
});
export type KeptRun = Static<typeof KeptRunSchema>;
// The schema and the interfaces the bridge writes with must agree: this fails to compile when one changes alone.
const _keptLinesMatch: [RunFinalLine[], KeptRun['results']] = [[] as KeptRun['results'], [] as RunFinalLine[]];
void _keptLinesMatch;
