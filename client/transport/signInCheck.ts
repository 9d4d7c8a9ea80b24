// Asks longhaul whether this browser is still signed in: a refused WebSocket looks the same as an absent longhaul.
import { AnyAnswer, HttpClient, HttpError } from '../http/httpClient.js';

/** True: signed in; false: longhaul answers but refuses this browser; undefined: longhaul could not be asked. */
export async function checkSignIn(fetchImpl: typeof fetch = fetch): Promise<boolean | undefined> {
  try {
    await new HttpClient(fetchImpl).get('/api/hosts', AnyAnswer, { cache: 'no-store' });
    return true;
  } catch (error) {
    return error instanceof HttpError && error.status === 401 ? false : undefined;
  }
}
