// Guards every route and the WebSocket: the token (query once, then an HttpOnly cookie), and the Origin of WebSockets.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieName, tokenMatches } from './token.js';

export interface WebAuthOptions {
  token: string;
  secureCookie: boolean;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** A same-origin WebSocket has an Origin whose host:port is the Host it was sent to. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: the token alone decides
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function createAuthHook(options: WebAuthOptions) {
  const name = cookieName(options.token);
  const cookieAttributes = `HttpOnly; SameSite=Strict; Path=/${options.secureCookie ? '; Secure' : ''}`;

  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const url = new URL(request.url, 'http://longhaul.invalid');
    const fromQuery = url.searchParams.get('token') ?? undefined;
    const isWebSocket = request.headers.upgrade?.toLowerCase() === 'websocket';

    if (isWebSocket && !originAllowed(request.headers.origin, request.headers.host)) {
      return reply.code(403).type('text/plain').send('longhaul: WebSocket from a foreign origin refused.\n');
    }

    if (fromQuery !== undefined && tokenMatches(options.token, fromQuery)) {
      if (!isWebSocket && request.method === 'GET') {
        // Move the token into a cookie and out of the address bar (and out of history and referrers).
        url.searchParams.delete('token');
        reply.header('set-cookie', `${name}=${encodeURIComponent(options.token)}; ${cookieAttributes}`);
        return reply.redirect(`${url.pathname}${url.search}`, 303);
      }
      return;
    }
    const presented = readCookie(request.headers.cookie, name) ?? bearer(request.headers.authorization);
    if (tokenMatches(options.token, presented)) return;
    return reply
      .code(401)
      .type('text/plain')
      .send('longhaul: missing or wrong token. Open the address longhaul printed when it started (it ends in ?token=…).\n');
  };
}
