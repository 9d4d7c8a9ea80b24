// Asks the bridge for the Host aliases in ~/.ssh/config, to offer them in the launcher; no answer means no offer.

/** More than this is a long config, not a shortcut list. */
export const MAX_OFFERED_HOSTS = 24;

/** Keep only plausible aliases from an untrusted answer. */
export function aliasesFrom(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const hosts = (body as { hosts?: unknown }).hosts;
  if (!Array.isArray(hosts)) return [];
  const aliases = hosts.filter((h): h is string => typeof h === 'string' && h.length > 0 && h.length <= 255 && !/[\s*?!]/.test(h));
  return [...new Set(aliases)].slice(0, MAX_OFFERED_HOSTS);
}

export async function fetchHostAliases(fetchImpl: typeof fetch = fetch): Promise<string[]> {
  try {
    const response = await fetchImpl('/api/hosts', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return [];
    return aliasesFrom(await response.json());
  } catch {
    return [];
  }
}
