// The page's one way to ask longhaul over HTTP: same-origin JSON, and every answer checked against its shared schema before it is used.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** For a request whose answer the caller does not read: only its success matters. */
export const AnyAnswer = Type.Unknown();

/** longhaul could not be reached (`status` 0), or answered with an error status; `body` is its answer, parsed when JSON. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

/** longhaul answered, but not in the shape this page expects (a page older or newer than the bridge, say). */
export class UnexpectedAnswerError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UnexpectedAnswerError';
  }
}

export interface RequestOptions {
  /** Ask longhaul itself, never the browser's cache (for questions whose answer changes, like "am I signed in?"). */
  cache?: RequestCache;
}

export class HttpClient {
  private readonly fetchImpl: typeof fetch;

  /**
   * `fetchImpl` is called as a plain function, never as this client's method: a browser's own `fetch` throws
   * "Illegal invocation" when called on another object, and callers pass it as it is.
   */
  constructor(fetchImpl: typeof fetch = fetch) {
    this.fetchImpl = (...args) => fetchImpl(...args);
  }

  get<S extends TSchema>(path: string, answer: S, options: RequestOptions = {}): Promise<Static<S>> {
    return this.send('GET', path, answer, undefined, options);
  }

  post<S extends TSchema>(path: string, body: unknown, answer: S): Promise<Static<S>> {
    return this.send('POST', path, answer, body);
  }

  put<S extends TSchema>(path: string, body: unknown, answer: S): Promise<Static<S>> {
    return this.send('PUT', path, answer, body);
  }

  patch<S extends TSchema>(path: string, body: unknown, answer: S): Promise<Static<S>> {
    return this.send('PATCH', path, answer, body);
  }

  async delete(path: string): Promise<void> {
    await this.send('DELETE', path, AnyAnswer, undefined);
  }

  private async send<S extends TSchema>(method: string, path: string, answer: S, body: unknown, options: RequestOptions = {}): Promise<Static<S>> {
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method,
        credentials: 'same-origin',
        // A content type without a body is refused by the bridge, so it is sent only with one.
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(options.cache ? { cache: options.cache } : {}),
      });
    } catch (error) {
      throw new HttpError(`${method} ${path}: longhaul did not answer`, 0, undefined, { cause: error });
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new HttpError(`${method} ${path}: HTTP ${response.status}`, response.status, parsed);
    if (!Value.Check(answer, parsed)) {
      const first = Value.Errors(answer, parsed).First();
      const where = first?.path ? ` at ${first.path}` : '';
      throw new UnexpectedAnswerError(
        `${method} ${path}: longhaul's answer is not what this page expects${where} (${first?.message ?? 'invalid'}); reload the page`,
        response.status,
      );
    }
    return parsed;
  }
}
