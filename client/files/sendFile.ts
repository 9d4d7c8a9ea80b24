// One file to /api/files with XMLHttpRequest, whose upload events say how much of the body has gone (fetch's do not).

export interface SendAnswer {
  status: number;
  /** The bridge's JSON answer: `{ path, bytes, sha256 }`, or `{ error }` with a sentence. */
  body: { path?: string; bytes?: number; error?: string };
}

export interface Sending {
  done: Promise<SendAnswer>;
  cancel(): void;
}

/** `file` to `where` on the host (`hostQuery`'s target, path and saved session). */
export function sendFile(where: URLSearchParams, file: Blob, overwrite: boolean, onProgress: (sent: number) => void): Sending {
  const request = new XMLHttpRequest();
  const query = new URLSearchParams(where);
  if (overwrite) query.set('overwrite', '1');
  const done = new Promise<SendAnswer>((resolve, reject) => {
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded));
    request.addEventListener('load', () => {
      let body: SendAnswer['body'];
      try {
        body = JSON.parse(request.responseText) as SendAnswer['body'];
      } catch {
        body = { error: `longhaul answered ${request.status} without saying why` };
      }
      resolve({ status: request.status, body });
    });
    request.addEventListener('error', () => reject(new Error('longhaul could not be reached')));
    request.addEventListener('abort', () => reject(new TransferCancelled()));
  });
  request.open('PUT', `/api/files?${query}`);
  request.setRequestHeader('content-type', 'application/octet-stream');
  request.send(file);
  return { done, cancel: () => request.abort() };
}

export class TransferCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}
