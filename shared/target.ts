// The rules for what may be typed as a target (`de1`, `alice@host:2222`): the bridge enforces them, the page checks them first.

export class TargetError extends Error {}

// Host names, IPv4 and bracketed IPv6 addresses; nothing that could smuggle options or control characters.
const HOST_RE = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,252})|\[[0-9A-Fa-f:.]{2,45}(?:%[A-Za-z0-9]+)?\])$/;
const USER_RE = /^[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}$/;

export interface TypedTarget {
  user?: string;
  host: string;
  port?: number;
}

/** Split `user@host:port` (every part but the host optional; IPv6 in brackets); a TargetError says what is wrong. */
export function parseTypedTarget(text: string): TypedTarget {
  const typed = text.trim();
  if (!typed) throw new TargetError('Type a host to connect to, such as de1 or alice@example.com:2222.');
  const at = typed.lastIndexOf('@');
  const user = at >= 0 ? typed.slice(0, at) : undefined;
  let hostPort = at >= 0 ? typed.slice(at + 1) : typed;
  let port: number | undefined;
  const portMatch = /^(.*?):(\d{1,5})$/.exec(hostPort);
  if (portMatch && (hostPort.startsWith('[') || !portMatch[1]!.includes(':'))) {
    hostPort = portMatch[1]!;
    port = Number(portMatch[2]);
    if (port < 1 || port > 65535) throw new TargetError(`Port ${portMatch[2]} is out of range (1–65535).`);
  }
  if (user !== undefined && !USER_RE.test(user)) throw new TargetError(`"${printable(user)}" is not a valid user name.`);
  if (!HOST_RE.test(hostPort)) throw new TargetError(`"${printable(hostPort)}" is not a valid host name.`);
  return { user, host: hostPort.startsWith('[') ? hostPort.slice(1, -1) : hostPort, port };
}

/** Why `text` cannot be a target, as a sentence for beside the field; null when it can. */
export function targetProblem(text: string): string | null {
  try {
    parseTypedTarget(text);
    return null;
  } catch (error) {
    if (error instanceof TargetError) return error.message;
    throw error;
  }
}

function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 60 ? `${clean.slice(0, 60)}…` : clean;
}
