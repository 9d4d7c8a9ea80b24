// What xterm.js hands over as typed input, as the bytes the shell is sent.

const utf8 = new TextEncoder();

/** What `term.onData` gives: text, sent as UTF-8. */
export function textBytes(data: string): Uint8Array {
  return utf8.encode(data);
}

/** What `term.onBinary` gives: one byte per character (e.g. legacy mouse reports), sent as is. */
export function binaryBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}
