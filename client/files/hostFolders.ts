// Folders on the host through the bridge: make one (PUT /api/folders), list one's names (GET /api/files/list), say what a path is.
import { hostQuery, type TabHost } from './onHost.js';

/** The bridge's answer: the JSON body on success, else its sentence. */
export type HostAnswer<T> = { ok: true; body: T } | { ok: false; error: string };

async function answerOf<T>(response: Promise<Response>): Promise<HostAnswer<T>> {
  let reply: Response;
  try {
    reply = await response;
  } catch {
    return { ok: false, error: 'longhaul could not be reached' };
  }
  const body = (await reply.json().catch(() => ({}))) as T & { error?: string };
  if (reply.ok) return { ok: true, body };
  return { ok: false, error: body.error ?? `longhaul answered ${reply.status} without saying why` };
}

/** Makes `path` on the host; a folder already there is fine. */
export function makeFolder(tab: TabHost, path: string): Promise<HostAnswer<{ path: string; created: boolean }>> {
  return answerOf(fetch(`/api/folders?${hostQuery(tab, path)}`, { method: 'PUT' }));
}

export interface Listing {
  /** Names starting with the prefix, sorted; a folder's ends with `/`. */
  names: string[];
  /** More matched than the bridge answers with. */
  more: boolean;
}

/** The names in folder `path` on the host that start with `prefix`. */
export function listFolder(tab: TabHost, path: string, prefix: string): Promise<HostAnswer<Listing>> {
  return answerOf(fetch(`/api/files/list?${hostQuery(tab, path, { prefix })}`));
}

/** What is at `path` on the host, read from its folder's listing (so a download is offered only for what is there). */
export async function whatIsAt(tab: TabHost, path: string): Promise<HostAnswer<'file' | 'folder' | 'nothing'>> {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (trimmed === '/' || trimmed === '.' || trimmed === '') return { ok: true, body: 'folder' };
  const cut = trimmed.lastIndexOf('/');
  const folder = cut < 0 ? '.' : cut === 0 ? '/' : trimmed.slice(0, cut);
  const name = trimmed.slice(cut + 1);
  const listed = await listFolder(tab, folder, name);
  if (!listed.ok) return listed;
  // The name itself sorts first among the names it starts, so a bounded listing always holds it when it is there.
  if (listed.body.names.includes(name)) return { ok: true, body: 'file' };
  if (listed.body.names.includes(`${name}/`)) return { ok: true, body: 'folder' };
  return { ok: true, body: 'nothing' };
}
