// Starts the bridge in-process for tests, pointed at the test sshd through a chosen ssh config and known_hosts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { SessionManager } from '../../server/session/sessionManager.js';
import type { Watermarks } from '../../server/session/flowControl.js';
import type { EndedSession } from '../../server/session/sessionManager.js';
import { KnownHosts } from '../../server/ssh/knownHosts.js';
import { listHostAliases, parseSshConfig } from '../../server/ssh/target.js';

export interface TestBridge {
  app: FastifyInstance;
  httpUrl: string;
  wsUrl: string;
  token: string;
  dataDir: string;
  sessions: SessionManager;
  close(): Promise<void>;
}

export interface TestBridgeOptions {
  sshConfigPath: string;
  /** The user's known_hosts (read only), as --known-hosts gives it (it beats UserKnownHostsFile); default: none given, an empty file. */
  userKnownHostsPath?: string;
  /** The system's known_hosts files (default: one empty file in the data directory, so tests never read /etc/ssh). */
  globalKnownHostsPaths?: string[];
  agentSocket?: string;
  openStream?: (address: string, port: number, timeoutMs: number) => Promise<Duplex>;
  /** As --simulate-rtt: a round trip added to every host connection a saved session does not set its own for. */
  simulatedRttMs?: number;
  watermarks?: Watermarks;
  clientDir?: string;
  keepClosedMs?: number;
  outputBufferBytes?: number;
  onSessionEnded?: (ended: EndedSession) => void;
  /** The least a shell may take to open before its connection counts as silent (the product's is 10 s). */
  shellOpenMinWaitMs?: number;
  /** As --max-sessions. */
  maxSessions?: number;
  /** As --max-connects-per-minute. */
  maxConnectsPerMinute?: number;
  /** Input queued toward the host beyond which a session refuses more (default MAX_PENDING_INPUT_BYTES). */
  maxPendingInputBytes?: number;
  /** As --durable auto, on a tmux server of this name (each test file its own). */
  durableTmuxSocket?: string;
  /** How long a connection may be silent before durable shells leave it for a new one. */
  durableReattachAfterSilentMs?: number;
}

export async function startTestBridge(options: TestBridgeOptions): Promise<TestBridge> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'longhaul-data-'));
  const token = 'test-token-0123456789abcdef';
  const sshConfig = () => parseSshConfig(fs.readFileSync(options.sshConfigPath, 'utf8'));
  const sessions = new SessionManager(
    {
      sshConfig,
      knownHosts: new KnownHosts(options.userKnownHostsPath ?? path.join(dataDir, 'user_known_hosts'), path.join(dataDir, 'known_hosts'), {
        userFileFromCommandLine: options.userKnownHostsPath !== undefined,
        globalFiles: options.globalKnownHostsPaths ?? [path.join(dataDir, 'ssh_known_hosts')],
      }),
      targetDefaults: { localUser: os.userInfo().username, homeDir: dataDir },
      ...(options.agentSocket ? { agentSocket: options.agentSocket } : {}),
      ...(options.openStream ? { openStream: options.openStream } : {}),
      ...(options.simulatedRttMs ? { simulatedRttMs: options.simulatedRttMs } : {}),
    },
    {
      ...(options.watermarks ? { watermarks: options.watermarks } : {}),
      ...(options.keepClosedMs ? { keepClosedMs: options.keepClosedMs } : {}),
      ...(options.outputBufferBytes ? { outputBufferBytes: options.outputBufferBytes } : {}),
      ...(options.onSessionEnded ? { onSessionEnded: options.onSessionEnded } : {}),
      ...(options.maxSessions ? { maxSessions: options.maxSessions } : {}),
      ...(options.shellOpenMinWaitMs ? { shellOpenMinWaitMs: options.shellOpenMinWaitMs } : {}),
      ...(options.maxConnectsPerMinute ? { maxConnectsPerMinute: options.maxConnectsPerMinute } : {}),
      ...(options.maxPendingInputBytes ? { maxPendingInputBytes: options.maxPendingInputBytes } : {}),
      ...(options.durableTmuxSocket ? { durable: { socket: options.durableTmuxSocket } } : {}),
      ...(options.durableReattachAfterSilentMs ? { durableReattachAfterSilentMs: options.durableReattachAfterSilentMs } : {}),
    },
  );
  const app = await buildApp({
    token,
    clientDir: options.clientDir ?? path.join(dataDir, 'no-client'),
    sessions,
    hostAliases: () => listHostAliases(sshConfig()),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('bridge did not listen');
  const base = `127.0.0.1:${address.port}`;
  return {
    app,
    httpUrl: `http://${base}`,
    wsUrl: `ws://${base}/ws`,
    token,
    dataDir,
    sessions,
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a session through the bridge's own route, as the page does; its id. Throws with the bridge's answer unless 201. */
export async function saveSession(bridge: Pick<TestBridge, 'app' | 'token'>, body: object): Promise<string> {
  const response = await bridge.app.inject({
    method: 'POST',
    url: '/api/sessions/saved',
    headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  if (response.statusCode !== 201) throw new Error(`saving a session answered ${response.statusCode}: ${response.body}`);
  return (response.json() as { id: string }).id;
}
