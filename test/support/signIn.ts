// Signs a browser in as a person does (the printed ?token= address), for tests that then call the app as that browser.
import type { FastifyInstance } from 'fastify';

/** The Cookie header a browser sends after opening `/?token=…`. */
export async function signInCookieHeader(app: FastifyInstance, token: string): Promise<string> {
  const response = await app.inject({ url: `/?token=${encodeURIComponent(token)}` });
  const setCookie = response.headers['set-cookie'];
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (response.statusCode !== 303 || !first) throw new Error(`signing in failed: HTTP ${response.statusCode} ${response.body}`);
  return first.split(';')[0]!;
}
