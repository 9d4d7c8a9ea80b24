// POST /api/run from the page: the NDJSON answer read line by line as it arrives; aborting the request stops the run.
import { MAX_RUN_TARGETS, type RunLine } from '../../shared/run.js';

export { MAX_RUN_TARGETS };

/**
 * Start a run and hand each line to `onLine` until the answer ends. Rejects with longhaul's sentence for a refused
 * request (400), and with the abort when `signal` stops it (the bridge then stops every command).
 */
export async function streamRun(
  request: { targets: string[]; command: string } | { group: string; command: string },
  onLine: (line: RunLine) => void,
  signal: AbortSignal,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Promise<void> {
  const response = await fetchImpl('/api/run', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/x-ndjson', 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    let sentence = text.trim();
    try {
      sentence = (JSON.parse(text) as { error?: string }).error ?? sentence;
    } catch {
      // Not JSON: the auth hook's plain sentence.
    }
    throw new Error(sentence || `longhaul answered ${response.status}.`);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (text) onLine(JSON.parse(text) as RunLine);
    }
  }
}
