// Which Host headers longhaul answers: its own address (any loopback name when on loopback) and --allow-host names.
import net from 'node:net';

export interface HostPolicy {
  /** The address longhaul listens on, as given to --listen. */
  listenHost: string;
  /** Extra names the page may be reached by (--allow-host), e.g. behind a reverse proxy or a DNS name for a TLS certificate. */
  allowHosts?: readonly string[];
}

/** The host part of a Host header, lower case, IPv6 without brackets; undefined when it is not a host[:port]. */
export function hostName(header: string | undefined): string | undefined {
  if (!header || /[\s/\\?#@]/.test(header)) return undefined;
  try {
    const name = new URL(`http://${header}`).hostname.toLowerCase();
    return name.startsWith('[') ? name.slice(1, -1) : name;
  } catch {
    return undefined;
  }
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name === '::1' || (net.isIPv4(name) && name.startsWith('127.'));
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * A DNS-rebinding page reaches longhaul under a name of the attacker's (evil.example pointing at 127.0.0.1), so
 * only names that cannot be rebound are answered: IP addresses longhaul is reachable at, `localhost`, and names
 * the user listed. The port is not compared: an `ssh -L` forward or a proxy in front changes it, and a name that
 * matches can only be reached on purpose.
 */
export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  const name = hostName(header);
  if (name === undefined) return false;
  if (policy.allowHosts?.some((allowed) => allowed.toLowerCase() === name)) return true;
  const listen = hostName(policy.listenHost.includes(':') ? `[${policy.listenHost}]` : policy.listenHost);
  if (listen === undefined) return false;
  if (isLoopbackName(listen)) return isLoopbackName(name);
  // Listening on every interface: any IP literal is an address of this machine (or a forward to it), never a rebound name.
  if (isWildcard(listen)) return net.isIP(name) !== 0 || name === 'localhost';
  return name === listen;
}

export function hostRefusal(header: string | undefined): string {
  const name = hostName(header);
  const shown = name ?? (header ? JSON.stringify(header) : 'no Host header');
  return name
    ? `longhaul: refused a request for ${shown}, a name longhaul was not told it has (this is how DNS-rebinding attacks look). If you reach longhaul by this name, start it with --allow-host ${name}.\n`
    : `longhaul: refused a request with ${shown}; open the address longhaul printed when it started.\n`;
}
