// POST /api/run: one command on many targets, answered as NDJSON while it runs; DELETE /api/run/:id stops one; GET /api/runs lists kept runs.
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiErrorSchema } from '../../shared/savedSessions.js';
import { RunRequestSchema, type RunLine, type RunRequest } from '../../shared/run.js';
import { parseTypedTarget } from '../ssh/target.js';
import type { GroupDirectory } from '../groups/groupDirectory.js';
import { CommandRun } from '../run/commandRun.js';
import type { ConnectUi, RouteOverrides } from '../session/connectTarget.js';
import { routeOverridesFor } from '../session/savedRoute.js';
import type { CommandChannel } from '../ssh/sshConnection.js';
import type { Store } from '../store/store.js';
import { typeboxValidatorCompiler } from './validation.js';

export interface RunApiOptions {
  store: Store;
  /** Opens a command's channel; `overrides` are a saved session's way of logging in, for a group's saved sessions. */
  exec(target: string, command: string, ui: ConnectUi, overrides?: RouteOverrides): Promise<CommandChannel>;
  loggedIn(target: string, overrides?: RouteOverrides): boolean;
  /** Groups as GET /api/groups lists them, for `{ "group": … }`. */
  groups: (request: FastifyRequest) => GroupDirectory;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** The first target a run cannot take (named by its place in the list), or undefined. */
export function targetsProblem(targets: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const [index, target] of targets.entries()) {
    try {
      parseTypedTarget(target);
    } catch (error) {
      return `targets.${index} (${target}): ${(error as Error).message}`;
    }
    const key = target.trim().toLowerCase();
    if (seen.has(key)) return `targets.${index}: ${target} is listed twice; each target gets one result, so list it once`;
    seen.add(key);
  }
  return undefined;
}

export const runApi: FastifyPluginAsync<RunApiOptions> = async (app, { store, exec, loggedIn, groups }) => {
  app.setValidatorCompiler(typeboxValidatorCompiler);
  const active = new Map<string, CommandRun>();

  app.post<{ Body: RunRequest }>('/api/run', { schema: { body: RunRequestSchema, response: { 400: ApiErrorSchema } } }, async (request, reply) => {
    const { command, parallelism } = request.body;
    if ((request.body.targets === undefined) === (request.body.group === undefined)) {
      return reply.code(400).send({ error: 'give either targets (a list of hosts) or group (a group\'s id or name), not both' });
    }
    let targets: string[];
    /** A group's saved sessions log in their own way (a key file, a password-only login is refused unasked). */
    const overrides = new Map<string, RouteOverrides>();
    if (request.body.group !== undefined) {
      const group = groups(request).find(request.body.group);
      if (!group) return reply.code(400).send({ error: `group: there is no group "${request.body.group}"; GET /api/groups lists them` });
      if (group.hosts.length === 0) return reply.code(400).send({ error: `group: "${group.name}" stands for no host now; check its members against ~/.ssh/config` });
      targets = group.hosts.map((host) => host.target);
      for (const host of group.hosts) {
        const saved = host.savedSessionId ? store.savedSessions.get(host.savedSessionId) : undefined;
        if (saved) overrides.set(host.target, routeOverridesFor(saved));
      }
    } else {
      targets = request.body.targets!.map((target) => target.trim());
      const problem = targetsProblem(targets);
      if (problem) return reply.code(400).send({ error: problem });
    }

    const body = new PassThrough();
    // Output still on its way when the reader has gone is dropped, not an error.
    body.on('error', () => {});
    const open = () => !body.destroyed && !body.writableEnded;
    const run = new CommandRun(
      targets,
      command,
      {
        exec: (target, command, ui) => exec(target, command, ui, overrides.get(target)),
        loggedIn: (target) => loggedIn(target, overrides.get(target)),
        now: () => performance.now(),
        wallClock: Date.now,
      },
      {
        write: (line: RunLine) => (open() ? body.write(`${JSON.stringify(line)}\n`) : true),
        onDrain: (listener) => body.on('drain', listener),
      },
      parallelism ? { parallelism } : {},
    );
    active.set(run.id, run);
    // The reader went away (curl interrupted, the page's Stop): nothing of this run keeps running on the hosts.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) run.stop();
    });
    void run.finished.then((finished) => {
      active.delete(run.id);
      try {
        store.commandRuns.record(finished);
      } catch (error) {
        request.log.error({ err: (error as Error).message }, 'could not keep a run in the store');
      }
      if (open()) body.end();
    });
    return reply
      .code(200)
      .type('application/x-ndjson; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-longhaul-run', run.id)
      .send(body);
  });

  app.delete<{ Params: { id: string } }>(
    '/api/run/:id',
    { schema: { params: IdParams, response: { 404: ApiErrorSchema } } },
    async (request, reply) => {
      const run = active.get(request.params.id);
      if (!run) return reply.code(404).send({ error: 'No run with this id is running; it may have finished already.' });
      run.stop();
      return reply.code(204).send();
    },
  );

  app.get('/api/runs', async () => ({
    runs: store.commandRuns.recent().map(({ results: _results, ...summary }) => summary),
    running: [...active.keys()],
  }));

  app.get<{ Params: { id: string } }>('/api/runs/:id', { schema: { params: IdParams, response: { 404: ApiErrorSchema } } }, async (request, reply) => {
    return store.commandRuns.get(request.params.id) ?? reply.code(404).send({ error: 'No kept run has this id; only the latest runs are kept.' });
  });

  // Before the server waits for open requests: a run's answer is one of them, and a `tail -F` never ends by itself.
  app.addHook('preClose', async () => {
    for (const run of active.values()) run.stop();
  });
};
