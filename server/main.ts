// Entry point: read the command line, start the bridge, print the address to open, and open a browser.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { parseOptions, USAGE, UsageError, type Options } from './cli.js';
import { LiveOutputKeeper } from './session/liveOutputKeeper.js';
import { routeOverridesFor } from './session/savedRoute.js';
import { SessionManager } from './session/sessionManager.js';
import { KnownHosts } from './ssh/knownHosts.js';
import { listHostAliases, parseSshConfig, systemDefaults } from './ssh/target.js';
import { StoreOpenError } from './store/errors.js';
import { openStore, storeFile, type Store } from './store/store.js';
import { loadOrCreateToken } from './web/token.js';
import { createWebAccess } from './web/webAccess.js';

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => {}); // no opener on this machine: the printed line is enough
    child.unref();
  } catch {
    // same as above
  }
}

/**
 * Sessions a previous run still had when it died (SIGKILL, a crash, a power cut) go to history with the output kept
 * while they ran. A store that cannot do it is said so, and longhaul starts anyway: the history is not worth the shells.
 */
function endSessionsLeftByACrash(store: Store): void {
  try {
    // Shells in tmux are not ended: they run on, and are taken back below.
    store.liveSessions.endLeftovers((target) => `longhaul stopped unexpectedly; the session to ${target} ended.`, { keepDurable: true });
  } catch (error) {
    process.stderr.write(`longhaul: could not move the sessions a previous run left into history: ${(error as Error).message}\n`);
  }
}

/** Open the store, or say in one line why it cannot be used and exit 2 (like a bad option). */
function openStoreOrExit(dataDir: string): Store {
  try {
    return openStore({ file: storeFile(dataDir) });
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    process.stderr.write(`longhaul: ${error.message}\n`);
    process.exit(2);
  }
}

async function run(options: Options): Promise<void> {
  const store = openStoreOrExit(options.dataDir);
  endSessionsLeftByACrash(store);
  const token = options.token ?? loadOrCreateToken(options.dataDir);
  const access = createWebAccess(token);
  const sshConfig = () => parseSshConfig(readOptional(options.sshConfig));
  const sessions = new SessionManager({
    sshConfig,
    knownHosts: new KnownHosts(options.knownHosts, path.join(options.dataDir, 'known_hosts'), { userFileFromCommandLine: options.knownHostsExplicit }),
    targetDefaults: systemDefaults(),
    agentSocket: process.env.SSH_AUTH_SOCK || undefined,
    simulatedRttMs: options.simulateRttMs,
  }, {
    keepClosedMs: options.keepClosedMinutes * 60_000,
    outputBufferBytes: options.outputBufferMiB * 1024 * 1024,
    maxSessions: options.maxSessions,
    maxConnectsPerMinute: options.maxConnectsPerMinute,
    keptConnectionFailed: (route, error) => process.stderr.write(`longhaul: could not keep ${route} connected (${error.message}); trying again in a while.\n`),
    // LONGHAUL_TMUX_SOCKET: another tmux server name, for tests (each its own) or two longhauls run by one user.
    ...(options.durable ? { durable: process.env.LONGHAUL_TMUX_SOCKET ? { socket: process.env.LONGHAUL_TMUX_SOCKET } : {} } : {}),
    // Every ended session (exited, expired, or cut off by a stop) stays in history with its scrollback; the copy
    // kept while it ran makes way for it.
    onSessionLetGo: (sessionId) => {
      try {
        store.liveSessions.forget(sessionId);
      } catch (error) {
        process.stderr.write(`longhaul: could not forget a shell left running on its host: ${(error as Error).message}\n`);
      }
    },
    onSessionEnded: (ended) => {
      try {
        store.liveSessions.end({
          target: ended.target,
          liveSessionId: ended.sessionId,
          ...(ended.savedSessionId ? { savedSessionId: ended.savedSessionId } : {}),
          startedAt: ended.startedAt,
          closedAt: ended.endedAt,
          endMessage: ended.end.message,
          scrollback: ended.scrollback,
        });
      } catch (error) {
        process.stderr.write(`longhaul: could not keep the closed session to ${ended.target} in history: ${(error as Error).message}\n`);
      }
    },
  });
  const keeper = new LiveOutputKeeper(() => sessions.sessions(), store.liveSessions, {
    report: (problem) =>
      process.stderr.write(
        problem
          ? `longhaul: could not keep live sessions' output in the store (${problem.message}); a crash now would lose it from history. Trying again every few seconds.\n`
          : "longhaul: live sessions' output is kept in the store again.\n",
      ),
  });
  // Durable shells a previous run left in tmux (it was killed, or the machine went down) are live again, whatever
  // --durable says now (it is about new tabs): left alone they would run on the host for ever, no tab to show them.
  sessions.adoptDurableShells(
    store.liveSessions.durableLeftovers().map((leftover) => {
      const saved = leftover.savedSessionId ? store.savedSessions.get(leftover.savedSessionId) : undefined;
      return saved ? { ...leftover, saved: { overrides: routeOverridesFor(saved), keepRunningWhenClosed: saved.keepRunningWhenClosed === true } } : leftover;
    }),
  );
  // Saved sessions marked Keep connected are logged in now, and whenever one is marked (or unmarked) later.
  const keepConnected = () =>
    sessions.keepConnectedTo(store.savedSessions.list().flatMap((saved) => (saved.keepConnected ? [{ text: saved.target, overrides: routeOverridesFor(saved) }] : [])));
  keepConnected();
  store.savedSessions.onChange(keepConnected);
  keeper.start();
  const https =
    options.tlsCert && options.tlsKey
      ? { cert: fs.readFileSync(options.tlsCert), key: fs.readFileSync(options.tlsKey) }
      : undefined;
  const clientDir = fileURLToPath(new URL('../client', import.meta.url));
  const app = await buildApp({
    token,
    access,
    listenHost: options.listenHost,
    allowHosts: options.allowHosts,
    warn: (sentence) => process.stderr.write(`${sentence}\n`),
    clientDir,
    sessions,
    hostAliases: () => listHostAliases(sshConfig()),
    store,
    logger: { level: process.env.LONGHAUL_LOG_LEVEL ?? 'warn' },
    ...(https ? { https } : {}),
  });
  try {
    await app.listen({ host: options.listenHost, port: options.listenPort });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`${options.listenHost}:${options.listenPort} is already in use; pick another port with --listen ${options.listenHost}:PORT (0 picks a free one)`);
    }
    if (code === 'EADDRNOTAVAIL') throw new Error(`${options.listenHost} is not an address of this machine (--listen)`);
    throw error;
  }
  // Before the ready line: whoever reads it may stop us at once, and a signal without a listener kills outright.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // The store closes last: sessions ending as the app closes may still write to it.
    void app
      .close()
      .finally(() => {
        // Durable shells left running carry on in tmux; what they printed last goes with them into the store.
        keeper.keepNow();
        keeper.dispose();
        store.close();
      })
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.listenPort;
  const host = options.listenHost.includes(':') ? `[${options.listenHost}]` : options.listenHost;
  const origin = `${https ? 'https' : 'http'}://${host}:${port}`;
  // The ready line goes to the user's own terminal and carries the token, to sign in any browser later.
  const url = `${origin}/?token=${encodeURIComponent(token)}`;
  if (options.insecureListen && !https) {
    process.stderr.write(`longhaul: WARNING: serving without TLS on ${options.listenHost}; anyone on that network can watch your sessions.\n`);
  }
  process.stdout.write(`longhaul ready: ${url}\n`);
  // The opener's arguments are visible to every user in the process list: give it a one-time link instead.
  if (options.open) openBrowser(`${origin}/?login=${access.oneTimeLinks.issue()}`);
}

let options: Options | 'help';
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`longhaul: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
if (options === 'help') {
  process.stdout.write(USAGE);
} else {
  run(options).catch((error: Error) => {
    process.stderr.write(`longhaul: ${error.message}\n`);
    process.exit(1);
  });
}
