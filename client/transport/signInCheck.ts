// Asks longhaul whether this browser is still signed in: a refused WebSocket looks the same as an absent longhaul.
/** True: signed in; false: longhaul answers but refuses this browser; undefined: longhaul could not be asked. */
export async function checkSignIn(fetchImpl: typeof fetch = fetch): Promise<boolean | undefined> {
  try {
    const response = await fetchImpl('/api/hosts', { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) return false;
    return response.ok ? true : undefined;
  } catch {
    return undefined;
  }
}
