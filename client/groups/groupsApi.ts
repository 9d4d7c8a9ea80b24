// Talks to /api/groups for the Host groups dialog; every failure becomes the one sentence the dialog shows.
import { GroupListSchema, GroupSchema, type Group, type GroupInput } from '../../shared/groups.js';
import { HttpClient, HttpError, UnexpectedAnswerError } from '../http/httpClient.js';
import { errorSentence } from '../savedSessions/api.js';

/** The bridge refused (its `{ error }` sentence) or did not answer; `message` is what to show. */
export class GroupRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GroupRequestError';
  }
}

const UNREACHABLE = 'longhaul did not answer; check that it is still running, then try again.';

export class GroupsApi {
  constructor(private readonly http = new HttpClient()) {}

  /** Saved groups, then the ~/.ssh/config ones, each with the hosts it stands for now. */
  async list(): Promise<Group[]> {
    // The list changes under the dialog (another window, an edited ssh config): always ask the bridge.
    return (await sentences(this.http.get('/api/groups', GroupListSchema, { cache: 'no-store' }))).groups;
  }

  create(input: GroupInput): Promise<Group> {
    return sentences(this.http.post('/api/groups', input, GroupSchema));
  }

  replace(id: string, input: GroupInput): Promise<Group> {
    return sentences(this.http.put(groupPath(id), input, GroupSchema));
  }

  remove(id: string): Promise<void> {
    return sentences(this.http.delete(groupPath(id)));
  }
}

async function sentences<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof HttpError) throw new GroupRequestError(error.status === 0 ? UNREACHABLE : errorSentence(error.status, error.body), error.status);
    if (error instanceof UnexpectedAnswerError) throw new GroupRequestError(error.message, error.status);
    throw error;
  }
}

const groupPath = (id: string) => `/api/groups/${encodeURIComponent(id)}`;
