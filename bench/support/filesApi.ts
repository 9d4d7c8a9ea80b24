// PUT /api/files as a script sends it: a stream as the body, resolved with the bridge's answer once it says 201.
import http from 'node:http';
import type { Readable } from 'node:stream';

/** `body` (`bytes` long) to /api/files at longhaul's `url` (its printed address, token included) with `query`. */
export function putFile(url: string, query: Record<string, string>, body: Readable, bytes: number): Promise<string> {
  const address = new URL(url);
  const target = `${address.origin}/api/files?${new URLSearchParams(query)}`;
  const token = address.searchParams.get('token')!;
  return new Promise((resolve, reject) => {
    const request = http.request(target, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-length': String(bytes) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve(text) : reject(new Error(`PUT answered ${response.statusCode}: ${text}`))));
    });
    request.once('error', reject);
    body.pipe(request);
  });
}
