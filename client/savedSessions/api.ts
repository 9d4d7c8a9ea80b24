// Talks to the bridge's saved-session and history API; every failure becomes one sentence a person can act on.
import {
  ClosedSessionListSchema,
  ClosedSessionSchema,
  LiveSessionListSchema,
  LiveSessionSummarySchema,
  SavedSessionListSchema,
  SavedSessionSchema,
  type ClosedSession,
  type ClosedSessionSummary,
  type LiveSessionSummary,
  type SavedSession,
  type SavedSessionInput,
  type SavedSessionList,
  type SavedSessionPatch,
} from '../../shared/savedSessions.js';
import { HostShellListSchema, type HostShell } from '../../shared/hostShells.js';
import { HttpClient, HttpError, UnexpectedAnswerError } from '../http/httpClient.js';

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
  private readonly http: HttpClient;

  constructor(fetchImpl: typeof fetch = (...args) => fetch(...args)) {
    this.http = new HttpClient(fetchImpl);
  }

  list(): Promise<SavedSessionList> {
    return sentences(this.http.get('/api/sessions/saved', SavedSessionListSchema));
  }

  create(input: SavedSessionInput): Promise<SavedSession> {
    return sentences(this.http.post('/api/sessions/saved', input, SavedSessionSchema));
  }

  replace(id: string, input: SavedSessionInput): Promise<SavedSession> {
    return sentences(this.http.put(savedPath(id), input, SavedSessionSchema));
  }

  edit(id: string, patch: SavedSessionPatch): Promise<SavedSession> {
    return sentences(this.http.patch(savedPath(id), patch, SavedSessionSchema));
  }

  remove(id: string): Promise<void> {
    return sentences(this.http.delete(savedPath(id)));
  }

  /** The history of closed sessions, newest first, without scrollback. */
  async history(): Promise<ClosedSessionSummary[]> {
    return (await sentences(this.http.get('/api/sessions/closed', ClosedSessionListSchema))).closed;
  }

  /** The shells longhaul runs now, attached to a tab or not. */
  async live(): Promise<LiveSessionSummary[]> {
    return (await sentences(this.http.get('/api/sessions/live', LiveSessionListSchema))).sessions;
  }

  /** longhaul's shells on the hosts it is logged in to that no session of its own holds (left by another longhaul). */
  async hostShells(): Promise<HostShell[]> {
    return (await sentences(this.http.get('/api/sessions/host-shells', HostShellListSchema))).shells;
  }

  /** Make one of those a live session of this longhaul's, for a tab to attach to. */
  takeHostShell(shell: Pick<HostShell, 'target' | 'sessionName'>): Promise<LiveSessionSummary> {
    return sentences(this.http.post('/api/sessions/host-shells/take', { target: shell.target, sessionName: shell.sessionName }, LiveSessionSummarySchema));
  }

  /** One closed session with its scrollback. */
  closed(id: number): Promise<ClosedSession> {
    return sentences(this.http.get(`/api/sessions/closed/${encodeURIComponent(String(id))}`, ClosedSessionSchema));
  }
}

/** Every failure as the sentence to show: the dialogs and the launcher show an ApiRequestError's message as it is. */
async function sentences<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof HttpError) {
      throw new ApiRequestError(error.status === 0 ? UNREACHABLE : errorSentence(error.status, error.body), error.status);
    }
    if (error instanceof UnexpectedAnswerError) throw new ApiRequestError(error.message, error.status);
    throw error;
  }
}

const savedPath = (id: string) => `/api/sessions/saved/${encodeURIComponent(id)}`;
