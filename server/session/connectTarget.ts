// Connects to what the user typed: resolve it, reach it (directly or through ProxyJump), check its host key, authenticate.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type SSHConfig from 'ssh-config';
import type { ClosedReason, ConnectPhase } from '../../shared/protocol.js';
import { simulatedLinkOpener } from '../net/simulatedLink.js';
import { connectTcp, type StreamOpener } from '../net/tcp.js';
import { createAuthHandler, type AskSecrets } from '../ssh/authenticator.js';
import type { LoginQuestion } from './loginWatch.js';
import { algorithmsFor, noCommonAlgorithmSentence, type AlgorithmLists } from '../ssh/algorithms.js';
import { displayKeyType, fingerprint, hostKeyAction, hostKeyAlgorithmOrder, judgeHostKey, presentedKey } from '../ssh/hostKey.js';
import { hostId, type KnownHostEntry, type KnownHosts } from '../ssh/knownHosts.js';
import { SshConnection } from '../ssh/sshConnection.js';
import { resolveTarget, TargetError, type SshTarget, type TargetDefaults } from '../ssh/target.js';

// Callers (and tests) that have always found it here keep doing so.
export { connectTcp };

export interface HostKeyQuestion {
  target: string;
  hostId: string;
  keyType: string;
  fingerprint: string;
  note?: string;
}

/** How connecting talks to the person in the page. */
export interface ConnectUi {
  phase(phase: ConnectPhase, detail?: string): void;
  /** This tab waits for another tab's login to the same place, which is asking its user this now (undefined: nothing). */
  waitingForLogin?(sentence: string, asking: LoginQuestion | undefined): void;
  /** A sentence the tab keeps saying once its shell is up: something about how it was reached the user would not see. */
  note?(sentence: string): void;
  /** A step of the connection timeline happened now. */
  mark(step: string, detail?: string): void;
  askHostKey(question: HostKeyQuestion): Promise<boolean>;
  askSecrets: AskSecrets;
}

export interface ConnectDeps {
  /** Read when connecting, so edits to ~/.ssh/config apply without a restart. */
  sshConfig: () => SSHConfig;
  knownHosts: KnownHosts;
  targetDefaults: TargetDefaults;
  agentSocket?: string;
  /** Opens the stream to a host's address when no round trip is simulated (tests put their proxies here). */
  openStream?: StreamOpener;
  /** --simulate-rtt: round trip added to every host connection, unless a saved session sets its own. */
  simulatedRttMs?: number;
  connectTimeoutMs?: number;
  /** How long handshake plus authentication may take; people type passwords, so it is long. */
  readyTimeoutMs?: number;
}

export class ConnectError extends Error {
  constructor(
    readonly reason: ClosedReason,
    message: string,
  ) {
    super(message);
  }
}

const MAX_JUMP_HOPS = 8;

export interface ConnectedTarget {
  connection: SshConnection;
  target: SshTarget;
  /** Connections to jump hosts, closed together with the target's. */
  jumps: SshConnection[];
}

/** A target and its ProxyJump hops, resolved from the ssh config. */
export interface ResolvedRoute {
  target: SshTarget;
  hops: SshTarget[];
  /** Round trip to add on the way to the first hop (0: none); it carries everything after it too. */
  simulatedRttMs: number;
}

/** What a saved session changes about how its target is reached (the rest comes from the ssh config). */
export interface RouteOverrides {
  /** Only this private key (IdentitiesOnly): `auth: key-file`. */
  keyFile?: string;
  /** Offer no keys at all, only password and keyboard-interactive: `auth: password`. */
  passwordOnly?: boolean;
  /** Reach the target through this host (ProxyJump). */
  jumpHost?: string;
  /** Simulate this round trip instead of --simulate-rtt's (0: none). */
  simulatedRttMs?: number;
}

export function resolveRoute(
  text: string,
  deps: Pick<ConnectDeps, 'sshConfig' | 'targetDefaults' | 'simulatedRttMs'>,
  overrides: RouteOverrides = {},
): ResolvedRoute {
  try {
    const config = deps.sshConfig();
    const resolved = resolveTarget(text, config, deps.targetDefaults);
    const target = {
      ...resolved,
      ...(overrides.keyFile ? { identityFiles: [expandHome(overrides.keyFile, deps.targetDefaults.homeDir)], identitiesOnly: true } : {}),
      ...(overrides.passwordOnly ? { identityFiles: [], identitiesOnly: true } : {}),
      ...(overrides.jumpHost ? { proxyJump: [overrides.jumpHost] } : {}),
    };
    if (target.proxyJump.length > MAX_JUMP_HOPS) throw new TargetError(`ProxyJump for ${target.label} has more than ${MAX_JUMP_HOPS} hops.`);
    return {
      target,
      hops: target.proxyJump.map((hop) => resolveTarget(hop, config, deps.targetDefaults)),
      simulatedRttMs: overrides.simulatedRttMs ?? deps.simulatedRttMs ?? 0,
    };
  } catch (error) {
    if (error instanceof TargetError) throw new ConnectError('bad-target', error.message);
    throw new ConnectError('bad-target', `Could not read the ssh config: ${(error as Error).message}`);
  }
}

function expandHome(file: string, homeDir: string): string {
  return file === '~' ? homeDir : file.startsWith('~/') ? `${homeDir}/${file.slice(2)}` : file;
}

/**
 * Two tabs share an SSH connection exactly when they go to the same user, host and port by the same route, over
 * the same simulated round trip (a tab rehearsing a far link must not ride on a fast connection, nor slow one down).
 */
export function routeKey({ target, hops, simulatedRttMs }: ResolvedRoute): string {
  const path = [...hops, target].map((t) => `${t.user}@${t.host}:${t.port}`).join(' > ');
  return simulatedRttMs > 0 ? `${path} (simulated ${simulatedRttMs} ms round trip)` : path;
}

export async function connectTarget(text: string, deps: ConnectDeps, ui: ConnectUi, route?: ResolvedRoute): Promise<ConnectedTarget> {
  ui.phase('resolving');
  const { target, hops, simulatedRttMs } = route ?? resolveRoute(text, deps);
  const open = simulatedRttMs > 0 ? simulatedLinkOpener(simulatedRttMs) : (deps.openStream ?? connectTcp);

  const jumps: SshConnection[] = [];
  try {
    let via: SshConnection | undefined;
    for (const hop of [...hops, target]) {
      const stream: Duplex = via ? await tunnel(via, hop) : await openTcp(hop, open, deps, ui);
      via = await handshake(hop, stream, deps, ui);
      if (hop !== target) jumps.push(via);
    }
    return { connection: via!, target, jumps };
  } catch (error) {
    for (const jump of jumps) jump.close();
    throw error;
  }
}

async function tunnel(via: SshConnection, hop: SshTarget): Promise<Duplex> {
  try {
    return await via.forwardOut(hop.host, hop.port);
  } catch (error) {
    throw new ConnectError('connect-failed', `The jump host could not reach ${hop.label} (${hop.host}:${hop.port}): ${(error as Error).message}.`);
  }
}

async function openTcp(hop: SshTarget, open: StreamOpener, deps: ConnectDeps, ui: ConnectUi): Promise<Duplex> {
  let address = hop.host;
  if (net.isIP(hop.host) === 0) {
    try {
      address = (await lookup(hop.host)).address;
    } catch {
      throw new ConnectError('connect-failed', `Could not find the host ${hop.host}: its name does not resolve. Check the spelling or HostName in ~/.ssh/config.`);
    }
  }
  ui.mark('lookup', address);
  ui.phase('connecting', `${hop.host}:${hop.port}`);
  const stream = await open(address, hop.port, deps.connectTimeoutMs ?? 20_000).catch((error: unknown) => {
    throw error instanceof ConnectError ? error : new ConnectError('connect-failed', tcpErrorSentence(hop, error as NodeJS.ErrnoException));
  });
  ui.mark('tcp-connected', `${hop.host}:${hop.port}`);
  return stream;
}

function tcpErrorSentence(hop: SshTarget, error: NodeJS.ErrnoException): string {
  const where = `${hop.host}:${hop.port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection. Is sshd running there, and on that port?`;
    case 'ETIMEDOUT':
      return `${where} did not answer. The host may be down, or a firewall may drop the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this machine (${error.code}). Check the network or VPN.`;
    default:
      return `Could not connect to ${where}: ${error.message}.`;
  }
}

async function handshake(hop: SshTarget, stream: Duplex, deps: ConnectDeps, ui: ConnectUi): Promise<SshConnection> {
  ui.phase('handshake', hop.label);
  const policy = hop.hostKeyPolicy ?? { strict: 'ask' };
  let entries: KnownHostEntry[];
  try {
    entries = deps.knownHosts.entriesFor(hop.host, hop.port, policy);
  } catch (error) {
    stream.destroy();
    throw new ConnectError('error', `longhaul could not read the known hosts files for ${hop.label}: ${(error as Error).message}. Check that they are readable.`);
  }
  let algorithms: AlgorithmLists;
  try {
    algorithms = algorithmsFor(hop.algorithms, hop.label);
  } catch (error) {
    stream.destroy();
    throw new ConnectError('bad-target', (error as Error).message);
  }
  let refusal: ConnectError | undefined;
  /** How far the login got, to say why a host that hung up did so. */
  let login: LoginProgress = 'not-started';
  const id = hostId(hop.host, hop.port);

  const verifyHostKey = async (blob: Buffer): Promise<boolean> => {
    const key = presentedKey(blob);
    ui.mark('host-key-received', `${hop.label} ${displayKeyType(key.type)}`);
    const verdict = judgeHostKey(key, entries);
    const action = hostKeyAction(verdict, policy.strict);
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'revoked':
        refusal = new ConnectError(
          'host-key-changed',
          `The host key of ${hop.label} (${id}) is marked revoked in ${verdict.file} (line ${verdict.line}). longhaul refused to connect and sent no credentials.`,
        );
        return false;
      case 'changed':
        refusal = new ConnectError(
          'host-key-changed',
          `The host key of ${hop.label} (${id}) has changed: it is not the ${displayKeyType(key.type)} key recorded in ${verdict.file} (line ${verdict.line}). ` +
            `Someone could be intercepting the connection (a man-in-the-middle attack), so longhaul refused to connect and sent no password or key. ` +
            `If the host was reinstalled or its key replaced on purpose, remove the old key with: ssh-keygen -R '${id}' -f ${verdict.file} — then connect again and check the new fingerprint.`,
        );
        return false;
      case 'unknown': {
        const certificates = verdict.certAuthorities?.[0];
        const certificateNote = certificates
          ? `${certificates.file} (line ${certificates.line}) says ${hop.label} proves itself with a host certificate (@cert-authority), but longhaul cannot check host certificates yet, so it sees only the host's plain key.`
          : undefined;
        if (action === 'refuse-unknown') {
          refusal = new ConnectError(
            'host-key-unknown',
            `The host key of ${hop.label} (${id}) is not in any known_hosts file, and StrictHostKeyChecking yes in ~/.ssh/config says not to ask, so longhaul refused to connect and sent no credentials. ` +
              (certificateNote
                ? `${certificateNote} To connect, add the host's ${displayKeyType(key.type)} key (${fingerprint(blob)}) to known_hosts after checking it.`
                : `Add its key to ~/.ssh/known_hosts (connect once with ssh and check the fingerprint ${fingerprint(blob)}), or change StrictHostKeyChecking for this host.`),
          );
          return false;
        }
        if (action === 'remember') {
          // accept-new (and no, which longhaul treats the same): a first key is learnt without asking.
          deps.knownHosts.trust(hop.host, hop.port, key.type, blob);
          ui.mark('host-key-trusted', `${hop.label} (StrictHostKeyChecking ${policy.strict})`);
          return true;
        }
        const notes = [
          ...(certificateNote ? [`${certificateNote} Check the fingerprint yourself before trusting it.`] : []),
          ...(verdict.otherTypesKnown.length
            ? [`Keys of another type (${verdict.otherTypesKnown.map(displayKeyType).join(', ')}) are already known for this host.`]
            : []),
        ];
        const trusted = await ui.askHostKey({
          target: hop.label,
          hostId: id,
          keyType: displayKeyType(key.type),
          fingerprint: fingerprint(blob),
          ...(notes.length ? { note: notes.join(' ') } : {}),
        });
        if (!trusted) {
          refusal = new ConnectError('host-key-rejected', `You did not trust the host key of ${hop.label}, so longhaul did not connect.`);
          return false;
        }
        deps.knownHosts.trust(hop.host, hop.port, key.type, blob);
        ui.mark('host-key-trusted', hop.label);
        return true;
      }
    }
  };

  const authHandler = createAuthHandler(hop, {
    agentSocket: deps.agentSocket,
    ask: (request) => {
      login = 'asked-a-person';
      return ui.askSecrets(request);
    },
    onAttempt: (method) => {
      if (login === 'not-started') login = 'started';
      ui.mark('auth', `${hop.label}: ${method}`);
      ui.phase('authenticating', `${hop.user}@${hop.label}: ${method}`);
    },
  });

  try {
    const connection = await SshConnection.connect({
      stream,
      username: hop.user,
      verifyHostKey,
      authHandler,
      hostKeyAlgorithms: hostKeyAlgorithmOrder(
        entries.filter((e) => !e.marker).map((e) => e.keyType),
        algorithms.hostKey,
      ),
      macAlgorithms: algorithms.mac,
      readyTimeoutMs: deps.readyTimeoutMs ?? 5 * 60_000,
    });
    ui.mark('authenticated', hop.label);
    return connection;
  } catch (error) {
    stream.destroy();
    if (refusal) throw refusal;
    throw sshErrorToConnectError(hop, error as Error & { level?: string }, login);
  }
}

/** `asked-a-person`: a password, passphrase or code was asked for, and people can take longer than sshd waits. */
type LoginProgress = 'not-started' | 'started' | 'asked-a-person';

function sshErrorToConnectError(hop: SshTarget, error: Error & { level?: string }, login: LoginProgress): ConnectError {
  const noCommonAlgorithm = noCommonAlgorithmSentence(error.message, hop.label);
  if (noCommonAlgorithm) return new ConnectError('connect-failed', noCommonAlgorithm);
  switch (error.level) {
    case 'client-authentication':
      return new ConnectError(
        'auth-failed',
        `${hop.user}@${hop.label} did not accept any of the keys or passwords offered. Check the user name, your keys (ssh-add -l), or the password.`,
      );
    case 'client-timeout':
      return new ConnectError('connect-failed', `${hop.label} did not finish the SSH handshake in time.`);
    case 'client-socket':
      // sshd gives a login LoginGraceTime (2 minutes by default), then hangs up without a word.
      if (login === 'asked-a-person') return new ConnectError('connect-failed', `${hop.label} stopped waiting for the login (its LoginGraceTime ran out); try again.`);
      if (login === 'started') return new ConnectError('connect-failed', `${hop.label} closed the connection during the login; try again.`);
      return new ConnectError('connect-failed', `${hop.label} closed the connection during the SSH handshake. Is it an SSH server?`);
    default:
      return new ConnectError('connect-failed', `SSH handshake with ${hop.label} failed: ${error.message}.`);
  }
}
