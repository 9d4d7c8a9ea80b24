// Talks to the bridge's saved-session and history API; every failure becomes one sentence a person can act on.
import type {
  ClosedSession,
  ClosedSessionSummary,
  LiveSessionSummary,
  SavedSession,
  SavedSessionInput,
  SavedSessionList,
  SavedSessionPatch,
} from '../../shared/savedSessions.js';

/** The API refused or could not be reached; `message` is what to show, `status` 0 when there was no answer. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

const UNREACHABLE = 'longhaul did not answer; check that it is still running, then try again.';

/** The sentence for a failed answer: the bridge's own `{ error }` when it gave one. */
export function errorSentence(status: number, body: unknown): string {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'string' && error.trim()) return error.trim();
  if (status === 401 || status === 403) return 'longhaul refused the request; open the address it printed (with its token) again.';
  if (status === 404) return 'Not found; it may have been deleted in another window.';
  return `longhaul could not do that (HTTP ${status}).`;
}

export class SavedSessionsApi {
  constructor(private readonly fetchImpl: typeof fetch = (...args) => fetch(...args)) {}

  list(): Promise<SavedSessionList> {
    return this.request('GET', '/api/sessions/saved');
  }

  create(input: SavedSessionInput): Promise<SavedSession> {
    return this.request('POST', '/api/sessions/saved', input);
  }

  replace(id: string, input: SavedSessionInput): Promise<SavedSession> {
    return this.request('PUT', savedPath(id), input);
  }

  edit(id: string, patch: SavedSessionPatch): Promise<SavedSession> {
    return this.request('PATCH', savedPath(id), patch);
  }

  async remove(id: string): Promise<void> {
    await this.request('DELETE', savedPath(id));
  }

  /** The history of closed sessions, newest first, without scrollback. */
  async history(): Promise<ClosedSessionSummary[]> {
    return (await this.request<{ closed: ClosedSessionSummary[] }>('GET', '/api/sessions/closed')).closed;
  }

  /** The shells longhaul runs now, attached to a tab or not. */
  async live(): Promise<LiveSessionSummary[]> {
    return (await this.request<{ sessions: LiveSessionSummary[] }>('GET', '/api/sessions/live')).sessions;
  }

  /** One closed session with its scrollback. */
  closed(id: number): Promise<ClosedSession> {
    return this.request('GET', `/api/sessions/closed/${encodeURIComponent(String(id))}`);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiRequestError(UNREACHABLE, 0);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiRequestError(errorSentence(response.status, parsed), response.status);
    return parsed as T;
  }
}

const savedPath = (id: string) => `/api/sessions/saved/${encodeURIComponent(id)}`;
