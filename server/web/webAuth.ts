// Guards every route and the WebSocket: the Host, the Origin, and a credential (a sign-in cookie, or the token).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hostAllowed, hostRefusal, type HostPolicy } from './hostCheck.js';
import { readCookie, signInCookie, signInCookieName } from './signInCookie.js';
import { tokenMatches } from './token.js';
import type { WebAccess } from './webAccess.js';

export interface WebAuthOptions {
  access: WebAccess;
  /** Served over TLS: the cookie is Secure and named with the `__Host-` prefix. */
  secure: boolean;
  hosts: HostPolicy;
}

/** The sign-in each request was let in with (absent for the token), for connections that must end on sign-out. */
const signInOfRequest = new WeakMap<object, string>();

export function signInOf(request: FastifyRequest): string | undefined {
  return signInOfRequest.get(request.raw);
}

function bearer(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** A same-origin request has an Origin whose host:port is the Host it was sent to. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: the credential alone decides
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Where to send the browser once the credential is out of the address: the same path and query without it.
 * The path always starts with exactly one `/`; `//evil.example/` in a Location header would be another site.
 */
export function pathAfterLogin(requestUrl: string): string {
  const queryStart = requestUrl.indexOf('?');
  const rawPath = queryStart < 0 ? requestUrl : requestUrl.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : requestUrl.slice(queryStart + 1));
  query.delete('token');
  query.delete('login');
  let pathname: string;
  try {
    // Parsed as a path under a fixed host, so nothing in it can become a host; `\` reads as `/`, as browsers read it.
    pathname = new URL(`http://longhaul.invalid${rawPath.startsWith('/') ? '' : '/'}${rawPath}`).pathname;
  } catch {
    pathname = '/';
  }
  const search = query.toString();
  return `/${pathname.replace(/^\/+/, '')}${search ? `?${search}` : ''}`;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createAuthHook(options: WebAuthOptions) {
  const { access } = options;
  const name = signInCookieName(access.token, options.secure);

  const refuse = (reply: FastifyReply, status: number, sentence: string) => reply.code(status).type('text/plain').send(sentence);

  /** Give the browser a sign-in (unless it has one) and take the credential out of the address bar, history and referrers. */
  const signIn = (request: FastifyRequest, reply: FastifyReply, alreadySignedIn: boolean) => {
    if (!alreadySignedIn) reply.header('set-cookie', signInCookie(name, access.signIns.create(), options.secure));
    return reply.redirect(pathAfterLogin(request.url), 303);
  };

  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!hostAllowed(request.headers.host, options.hosts)) return refuse(reply, 403, hostRefusal(request.headers.host));

    const isWebSocket = request.headers.upgrade?.toLowerCase() === 'websocket';
    if ((isWebSocket || UNSAFE_METHODS.has(request.method)) && !originAllowed(request.headers.origin, request.headers.host)) {
      // SameSite cookies still ride along from another port of the same host; Origin tells them apart.
      return refuse(reply, 403, `longhaul: ${isWebSocket ? 'WebSocket' : 'request'} from a foreign origin refused.\n`);
    }

    const queryStart = request.url.indexOf('?');
    const query = new URLSearchParams(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
    const signInId = access.signIns.check(readCookie(request.headers.cookie, name));
    const isPageLoad = !isWebSocket && request.method === 'GET';

    const loginLink = query.get('login');
    if (loginLink !== null && isPageLoad) {
      // A used link in a signed-in browser (a reload, a second click) just goes on to the page.
      if (access.oneTimeLinks.redeem(loginLink) || signInId !== undefined) return signIn(request, reply, signInId !== undefined);
      return refuse(
        reply,
        401,
        'longhaul: this login link was already used or is more than a minute old. Open the address longhaul printed when it started (it ends in ?token=…).\n',
      );
    }

    const fromQuery = query.get('token');
    if (fromQuery !== null && tokenMatches(access.token, fromQuery)) {
      if (isPageLoad) return signIn(request, reply, signInId !== undefined);
      return; // a script's WebSocket or request with ?token=: the token itself, as with Bearer
    }
    if (signInId !== undefined) {
      signInOfRequest.set(request.raw, signInId);
      return;
    }
    if (tokenMatches(access.token, bearer(request.headers.authorization))) return;
    return refuse(reply, 401, 'longhaul: missing or wrong token. Open the address longhaul printed when it started (it ends in ?token=…).\n');
  };
}
